import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse } from 'lossless-json';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';

/**
 * The emulated Pinduoduo message service (PMC). Clients connect to
 * /message/<client_id>/<timestamp ms>/<sign>, sign = base64(md5 hex(client_id + timestamp +
 * client_secret)); a bad id or sign is refused with 401 before the upgrade. Messages are
 * `{"id","commandType":"Common","time","sendTime","message":{"type","mallID","content"}}`
 * (ids as JSON numbers beyond 2^53) and wait per client id until acknowledged with
 * `{"commandType":"Ack","id",…}`; an unacknowledged one is pushed again after the
 * redelivery timeout or on the next connection. HeartBeat frames are answered in kind;
 * anything else a client sends is answered with a Fail frame.
 */

const MAX_CLOCK_SKEW_MS = 10 * 60_000;
const ackSchema = z.object({ commandType: z.literal('Ack'), id: z.string().regex(/^\d+$/) });

interface Pending {
  id: string;
  frame: string;
  deliveries: number;
  sentTo: WebSocket | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface PmcAck {
  id: string;
  clientId: string;
  deliveries: number;
}

export interface PmcConnectionAttempt {
  clientId: string | null;
  accepted: boolean;
  reason: string | null;
}

export function pmcSignature(clientId: string, timestamp: string, secret: string): string {
  return Buffer.from(createHash('md5').update(`${clientId}${timestamp}${secret}`, 'utf8').digest('hex'), 'utf8').toString('base64');
}

export class EmulatedPmc {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly queues = new Map<string, { pending: Map<string, Pending>; sockets: Set<WebSocket> }>();
  private readonly acks: PmcAck[] = [];
  private readonly ackWaiters = new Map<string, Array<() => void>>();
  private readonly attempts: PmcConnectionAttempt[] = [];
  private readonly failed: string[] = [];
  /** Every frame published, by id, for replays. */
  private readonly published = new Map<string, { clientId: string; frame: string }>();
  private serial: bigint;

  constructor(
    private readonly secretFor: (clientId: string) => string | undefined,
    private readonly redeliveryMs: number,
    idBase: bigint,
  ) {
    this.serial = idBase;
  }

  /** True when `path` is PMC's connect path (the emulator routes upgrades by it). */
  static matches(path: string): boolean {
    return /^\/message\/[^/]+\/[^/]+\/[^/]+$/.test(path);
  }

  nextId(): string {
    this.serial += 1n;
    return this.serial.toString();
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    const [, , rawClientId = '', timestamp = '', rawSign = ''] = path.split('/');
    const clientId = decodeURIComponent(rawClientId);
    const refuse = (reason: string): void => {
      this.attempts.push({ clientId: clientId || null, accepted: false, reason });
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${reason}`);
    };
    const secret = this.secretFor(clientId);
    if (secret === undefined) return refuse('unknown client_id');
    if (!/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > MAX_CLOCK_SKEW_MS) return refuse('timestamp out of range');
    if (pmcSignature(clientId, timestamp, secret) !== decodeURIComponent(rawSign)) return refuse('invalid sign');
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.attempts.push({ clientId, accepted: true, reason: null });
      const queue = this.queue(clientId);
      queue.sockets.add(ws);
      ws.on('message', (data: RawData) => this.onClientFrame(clientId, ws, data));
      ws.on('close', () => {
        queue.sockets.delete(ws);
        for (const message of queue.pending.values()) if (message.sentTo === ws) this.markUnsent(message);
        this.dispatch(clientId);
      });
      this.dispatch(clientId);
    });
  }

  /** Queues a Common message for the app; returns its id. */
  publish(clientId: string, type: string, mallId: string, content: string, now: Date = new Date(), id: string = this.nextId()): string {
    const ms = now.getTime();
    const frame = `{"id":${id},"commandType":"Common","time":${ms},"sendTime":${ms},"message":{"type":${JSON.stringify(type)},"mallID":${mallId},"content":${JSON.stringify(content)}}}`;
    return this.publishRaw(clientId, frame, id);
  }

  /** Queues any frame text (malformed-input scenarios, replays). `id` is what an ack must name. */
  publishRaw(clientId: string, frame: string, id: string = this.nextId()): string {
    this.published.set(id, { clientId, frame });
    const queue = this.queue(clientId);
    const existing = queue.pending.get(id);
    if (existing?.timer) clearTimeout(existing.timer);
    queue.pending.set(id, { id, frame, deliveries: existing?.deliveries ?? 0, sentTo: null, timer: null });
    this.dispatch(clientId);
    return id;
  }

  /** Pushes an already acknowledged message again, same id and bytes (a duplicate delivery). */
  replay(id: string): void {
    const original = this.published.get(id);
    if (!original) throw new Error(`no PMC message ${id} to replay`);
    this.publishRaw(original.clientId, original.frame, id);
  }

  acknowledged(): PmcAck[] {
    return this.acks.map((a) => ({ ...a }));
  }

  pendingIds(): string[] {
    return [...this.queues.values()].flatMap((q) => [...q.pending.keys()]);
  }

  connectionAttempts(): PmcConnectionAttempt[] {
    return this.attempts.map((a) => ({ ...a }));
  }

  /** Frames clients sent that PMC answered with Fail. */
  failedClientFrames(): string[] {
    return [...this.failed];
  }

  waitForAck(id: string, timeoutMs = 10_000): Promise<void> {
    if (this.acks.some((a) => a.id === id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PMC message ${id} not acknowledged within ${timeoutMs} ms`)), timeoutMs);
      const waiters = this.ackWaiters.get(id) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.ackWaiters.set(id, waiters);
    });
  }

  close(): void {
    for (const queue of this.queues.values()) {
      for (const message of queue.pending.values()) if (message.timer) clearTimeout(message.timer);
      for (const ws of queue.sockets) ws.terminate();
    }
    this.wss.close();
  }

  private queue(clientId: string) {
    let queue = this.queues.get(clientId);
    if (!queue) {
      queue = { pending: new Map(), sockets: new Set() };
      this.queues.set(clientId, queue);
    }
    return queue;
  }

  private dispatch(clientId: string): void {
    const queue = this.queue(clientId);
    const ws = [...queue.sockets].find((s) => s.readyState === s.OPEN);
    if (!ws) return;
    for (const message of queue.pending.values()) {
      if (message.sentTo !== null) continue;
      message.sentTo = ws;
      message.deliveries += 1;
      ws.send(message.frame);
      message.timer = setTimeout(() => {
        message.timer = null;
        if (!queue.pending.has(message.id)) return;
        this.markUnsent(message);
        this.dispatch(clientId);
      }, this.redeliveryMs);
      message.timer.unref();
    }
  }

  private markUnsent(message: Pending): void {
    if (message.timer) clearTimeout(message.timer);
    message.timer = null;
    message.sentTo = null;
  }

  private onClientFrame(clientId: string, ws: WebSocket, data: RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    let value: unknown;
    try {
      // Every number as its digits: ack ids are beyond 2^53.
      value = parse(text, null, (digits: string) => digits);
    } catch {
      value = null;
    }
    const command = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).commandType : undefined;
    if (command === 'HeartBeat') {
      ws.send(JSON.stringify({ commandType: 'HeartBeat', time: Date.now() }));
      return;
    }
    const ack = ackSchema.safeParse(value);
    if (!ack.success) {
      this.failed.push(text);
      ws.send(JSON.stringify({ commandType: 'Fail', time: Date.now(), message: 'unrecognised frame' }));
      return;
    }
    const queue = this.queue(clientId);
    const message = queue.pending.get(ack.data.id);
    if (!message) return; // a late ack of something already acknowledged
    if (message.timer) clearTimeout(message.timer);
    queue.pending.delete(message.id);
    this.acks.push({ id: message.id, clientId, deliveries: message.deliveries });
    for (const wake of this.ackWaiters.get(message.id) ?? []) wake();
    this.ackWaiters.delete(message.id);
  }
}
