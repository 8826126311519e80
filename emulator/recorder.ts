import type { Fault } from './config';

/** Platforms whose outbound path the emulator plays. */
export type RecordedPlatform = Fault['platform'];

/**
 * What Huixin sent OUT through each platform's outbound path, exactly as received, plus the
 * fault switches that make those paths refuse, hang or fail.
 */

export interface RecordedReply {
  platform: RecordedPlatform;
  storeId: string;
  /** Our message id as Huixin sent it (TOP `out_id`, mail relay `idempotencyKey`). */
  idempotencyKey: string;
  /** Taobao: the TOP method; Shopify: "mail". */
  method: string;
  /** The request's fields as received (TOP form params without system params; relay JSON body). */
  fields: Record<string, string>;
  receivedAt: string;
  /** How many requests carried this idempotency key (retries after a timeout, etc.). */
  attempts: number;
}

export class ReplyRecorder {
  private readonly replies: RecordedReply[] = [];
  private readonly byKey = new Map<string, RecordedReply>();

  /** Records a reply once per (platform, key); a repeat only counts an attempt. Returns whether it was new. */
  record(reply: Omit<RecordedReply, 'attempts' | 'receivedAt'>): { reply: RecordedReply; isNew: boolean } {
    const key = `${reply.platform}:${reply.storeId}:${reply.idempotencyKey}`;
    const existing = this.byKey.get(key);
    if (existing) {
      existing.attempts += 1;
      return { reply: existing, isNew: false };
    }
    const stored: RecordedReply = { ...reply, receivedAt: new Date().toISOString(), attempts: 1 };
    this.replies.push(stored);
    this.byKey.set(key, stored);
    return { reply: stored, isNew: true };
  }

  list(platform?: RecordedPlatform): RecordedReply[] {
    return this.replies.filter((reply) => platform === undefined || reply.platform === platform).map((reply) => ({ ...reply }));
  }
}

export class FaultSwitch {
  private readonly faults = new Map<RecordedPlatform, { mode: Fault['mode']; remaining: number | null }>();

  set(fault: Fault): void {
    this.faults.set(fault.platform, { mode: fault.mode, remaining: fault.count ?? null });
  }

  /**
   * The fault for the next outbound call on `platform`, consuming one use of a counted fault.
   * `call: 'read'` (a lookup, a poll) passes over 'apply-then-timeout', which only a write can
   * play, without consuming it.
   */
  take(platform: RecordedPlatform, call: 'write' | 'read' = 'write'): Fault['mode'] {
    const fault = this.faults.get(platform);
    if (!fault || fault.mode === 'none') return 'none';
    if (call === 'read' && fault.mode === 'apply-then-timeout') return 'none';
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.delete(platform);
    }
    return fault.mode;
  }

  current(): Array<{ platform: RecordedPlatform; mode: Fault['mode']; remaining: number | null }> {
    return [...this.faults.entries()].map(([platform, fault]) => ({ platform, ...fault }));
  }
}
