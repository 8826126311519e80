import { MAX_READ_MARKS_PER_MUTATION, advanceReadMark, type ReadMark } from '../../../shared';
import type { HuixinDb } from './database';
import { enqueueMutation } from './outbox';
import type { ReadMarkRow } from './schema';

/**
 * Read marks follow the agent: a mark that moved on this machine is flagged `pending`
 * (unread.ts) and sent as `conversation.markRead` through the outbox. Sending one
 * mutation per opened thread would flood the outbox when an agent pages through the
 * inbox with `j`/`k`, so marks are collected and queued together, at most
 * MAX_READ_MARKS_PER_MUTATION per mutation, once the agent pauses (ReadMarkFlusher).
 * The pending flag lives in IndexedDB, so marks made just before the app closed are
 * sent at the next start.
 */

/** Queues every pending mark (in batches) and clears the flags, in one transaction. Returns how many were queued. */
export async function flushReadMarks(db: HuixinDb): Promise<number> {
  return db.transaction('rw', [db.readMarks, db.conversations, db.outbox, db.drafts], async () => {
    const pending = await db.readMarks.where('pending').equals(1).toArray();
    if (pending.length === 0) return 0;
    // The server refuses a whole batch naming a thread this agent can no longer read;
    // a thread that left the cache (store revoked, retention) is not sent at all.
    const present = await db.conversations.bulkGet(pending.map((mark) => mark.conversationId));
    const sendable = pending.filter((_, index) => present[index] !== undefined);
    for (let start = 0; start < sendable.length; start += MAX_READ_MARKS_PER_MUTATION) {
      const marks = sendable.slice(start, start + MAX_READ_MARKS_PER_MUTATION).map((mark) => ({ conversationId: mark.conversationId, readAt: mark.lastReadAt }));
      await enqueueMutation(db, { type: 'conversation.markRead', marks });
    }
    await db.readMarks.bulkPut(pending.map((mark) => ({ ...mark, pending: 0 as const })));
    return sendable.length;
  });
}

/**
 * Synced marks (the agent's own stream) merged into the cache: the later mark wins, so a
 * stale one from another machine never makes a thread unread again, and a local mark
 * still waiting to be sent stays pending unless the server already has it.
 */
export async function mergeSyncedReadMarks(db: HuixinDb, synced: readonly ReadMark[]): Promise<void> {
  if (synced.length === 0) return;
  const existing = await db.readMarks.bulkGet(synced.map((mark) => mark.conversationId));
  const rows: ReadMarkRow[] = [];
  synced.forEach((mark, index) => {
    const local = existing[index];
    const ahead = advanceReadMark(local?.lastReadAt, mark.readAt);
    if (ahead !== null) rows.push({ conversationId: mark.conversationId, lastReadAt: ahead, pending: 0 });
    else if (local?.pending === 1 && advanceReadMark(mark.readAt, local.lastReadAt) === null) rows.push({ ...local, pending: 0 });
  });
  if (rows.length > 0) await db.readMarks.bulkPut(rows);
}

export interface ReadMarkFlusherOptions {
  /** Marks were queued: tell the sync worker to send the outbox. */
  onQueued(): void;
  onError(error: unknown): void;
  /** Quiet time after the last mark before the batch is queued. */
  delayMs?: number;
  /** Longest a mark waits while the agent keeps opening threads. */
  maxDelayMs?: number;
}

/**
 * Debounces flushReadMarks: `schedule()` after each mark; the marks go out `delayMs`
 * after the last one, and at the latest `maxDelayMs` after the first, so that an agent
 * reading without pause still syncs.
 */
export class ReadMarkFlusher {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #firstScheduledAt: number | null = null;

  constructor(
    private readonly db: HuixinDb,
    private readonly options: ReadMarkFlusherOptions,
  ) {}

  schedule(now = Date.now()): void {
    this.#firstScheduledAt ??= now;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const delay = this.options.delayMs ?? 1_500;
    const wait = Math.max(0, Math.min(delay, this.#firstScheduledAt + (this.options.maxDelayMs ?? 10_000) - now));
    this.#timer = setTimeout(() => void this.flushNow(), wait);
  }

  async flushNow(): Promise<number> {
    this.dispose();
    try {
      const queued = await flushReadMarks(this.db);
      if (queued > 0) this.options.onQueued();
      return queued;
    } catch (error) {
      this.options.onError(error);
      return 0;
    }
  }

  /** Forgets a scheduled flush (the pending flags stay: the next flush or start sends them). */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#firstScheduledAt = null;
  }
}
