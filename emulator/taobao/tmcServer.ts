import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { beijingTime } from '../timeFormats';
import { topSignature } from './topSign';

/**
 * The emulated Taobao message service (TMC). Clients connect with app_key, group_name,
 * timestamp (ms) and sign in the query string; a bad key or signature is refused with 401
 * before the upgrade. Messages wait in a per-app queue until confirmed by id
 * (`{"type":"confirm","id"}`); an unconfirmed message is pushed again after the
 * redelivery timeout, and everything in flight on a dropped connection goes out again on
 * the next one. Frame format: server/connectors/taobao/frames.ts.
 */

const connectQuerySchema = z.object({
  app_key: z.string().min(1),
  group_name: z.string().min(1),
  timestamp: z.string().regex(/^\d{10,16}$/),
  sign: z.string().min(1),
});

const confirmFrameSchema = z.object({ type: z.literal('confirm'), id: z.string().min(1) });

/** TOP accepts a client clock up to 10 minutes off. */
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

interface PendingMessage {
  id: string;
  frame: string;
  deliveries: number;
  sentTo: WebSocket | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface TmcConfirmation {
  id: string;
  appKey: string;
  deliveries: number;
  at: string;
}

export interface TmcConnectionAttempt {
  appKey: string | null;
  accepted: boolean;
  reason: string | null;
}

interface AppQueue {
  pending: Map<string, PendingMessage>;
  sockets: Set<WebSocket>;
  roundRobin: number;
}

export class EmulatedTmc {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly apps = new Map<string, AppQueue>();
  private readonly confirmations: TmcConfirmation[] = [];
  private readonly confirmWaiters = new Map<string, Array<() => void>>();
  private readonly attempts: TmcConnectionAttempt[] = [];
  private readonly invalidFrames: string[] = [];
  private serial = 0n;

  constructor(
    private readonly secretFor: (appKey: string) => string | undefined,
    private readonly redeliveryMs: number,
    idBase: bigint,
  ) {
    this.serial = idBase;
  }

  /** A TMC-looking message id (large, increasing). */
  nextId(): string {
    this.serial += 1n;
    return this.serial.toString();
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const query = connectQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    const refuse = (appKey: string | null, reason: string): void => {
      this.attempts.push({ appKey, accepted: false, reason });
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${reason}`);
    };
    if (!query.success) return refuse(null, 'app_key, group_name, timestamp and sign are required');
    const { app_key: appKey, sign, timestamp } = query.data;
    const secret = this.secretFor(appKey);
    if (secret === undefined) return refuse(appKey, 'unknown app_key');
    const { sign: _sign, ...signed } = query.data;
    if (topSignature(signed, secret) !== sign) return refuse(appKey, 'invalid sign');
    if (Math.abs(Date.now() - Number(timestamp)) > MAX_CLOCK_SKEW_MS) return refuse(appKey, 'timestamp out of range');

    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.attempts.push({ appKey, accepted: true, reason: null });
      const app = this.app(appKey);
      app.sockets.add(ws);
      ws.on('message', (data: RawData) => this.onClientFrame(appKey, data));
      ws.on('close', () => {
        app.sockets.delete(ws);
        for (const message of app.pending.values()) {
          if (message.sentTo === ws) this.markUnsent(message);
        }
        this.dispatch(appKey);
      });
      this.dispatch(appKey);
    });
  }

  /** Queues a message for the app and pushes it if a client is connected. Returns its id. */
  publish(appKey: string, topic: string, userNick: string, content: string, now: Date = new Date()): string {
    const id = this.nextId();
    const frame = JSON.stringify({ type: 'message', id, topic, pub_time: beijingTime(now), user_nick: userNick, content });
    this.enqueue(appKey, id, frame);
    return id;
  }

  /** Queues an arbitrary frame text (malformed-input scenarios). `id` is what a confirm must name. */
  publishRaw(appKey: string, frame: string, id: string = this.nextId()): string {
    this.enqueue(appKey, id, frame);
    return id;
  }

  /** Pushes a message again as a replay, even though it was confirmed (a duplicate delivery). */
  replay(appKey: string, frame: string, id: string): void {
    this.enqueue(appKey, id, frame);
  }

  /** Drops every client connection (the connector must reconnect). */
  dropConnections(): void {
    for (const app of this.apps.values()) for (const ws of app.sockets) ws.terminate();
  }

  confirmed(): TmcConfirmation[] {
    return this.confirmations.map((c) => ({ ...c }));
  }

  pendingIds(appKey?: string): string[] {
    const apps = appKey ? [this.apps.get(appKey)].filter((a): a is AppQueue => a !== undefined) : [...this.apps.values()];
    return apps.flatMap((app) => [...app.pending.keys()]);
  }

  connectionAttempts(): TmcConnectionAttempt[] {
    return this.attempts.map((a) => ({ ...a }));
  }

  connectedClients(appKey: string): number {
    return this.apps.get(appKey)?.sockets.size ?? 0;
  }

  invalidClientFrames(): string[] {
    return [...this.invalidFrames];
  }

  /** Resolves once message `id` is confirmed (immediately if it already was). */
  waitForConfirm(id: string, timeoutMs = 10_000): Promise<void> {
    if (this.confirmations.some((c) => c.id === id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`TMC message ${id} not confirmed within ${timeoutMs} ms`)), timeoutMs);
      const waiters = this.confirmWaiters.get(id) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.confirmWaiters.set(id, waiters);
    });
  }

  close(): void {
    for (const app of this.apps.values()) {
      for (const message of app.pending.values()) if (message.timer) clearTimeout(message.timer);
      for (const ws of app.sockets) ws.terminate();
    }
    this.wss.close();
  }

  private app(appKey: string): AppQueue {
    let app = this.apps.get(appKey);
    if (!app) {
      app = { pending: new Map(), sockets: new Set(), roundRobin: 0 };
      this.apps.set(appKey, app);
    }
    return app;
  }

  private enqueue(appKey: string, id: string, frame: string): void {
    const app = this.app(appKey);
    const existing = app.pending.get(id);
    if (existing?.timer) clearTimeout(existing.timer);
    app.pending.set(id, { id, frame, deliveries: existing?.deliveries ?? 0, sentTo: null, timer: null });
    this.dispatch(appKey);
  }

  private dispatch(appKey: string): void {
    const app = this.app(appKey);
    const sockets = [...app.sockets].filter((ws) => ws.readyState === ws.OPEN);
    if (sockets.length === 0) return;
    for (const message of app.pending.values()) {
      if (message.sentTo !== null) continue;
      const ws = sockets[app.roundRobin++ % sockets.length];
      if (!ws) continue;
      message.sentTo = ws;
      message.deliveries += 1;
      ws.send(message.frame);
      message.timer = setTimeout(() => {
        message.timer = null;
        if (!app.pending.has(message.id)) return;
        this.markUnsent(message);
        this.dispatch(appKey);
      }, this.redeliveryMs);
      message.timer.unref();
    }
  }

  private markUnsent(message: PendingMessage): void {
    if (message.timer) clearTimeout(message.timer);
    message.timer = null;
    message.sentTo = null;
  }

  private onClientFrame(appKey: string, data: RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.invalidFrames.push(text);
      return;
    }
    const frame = confirmFrameSchema.safeParse(parsed);
    if (!frame.success) {
      this.invalidFrames.push(text);
      return;
    }
    const app = this.app(appKey);
    const message = app.pending.get(frame.data.id);
    if (!message) return; // a late confirm of something already confirmed
    if (message.timer) clearTimeout(message.timer);
    app.pending.delete(frame.data.id);
    this.confirmations.push({ id: message.id, appKey, deliveries: message.deliveries, at: new Date().toISOString() });
    for (const wake of this.confirmWaiters.get(message.id) ?? []) wake();
    this.confirmWaiters.delete(message.id);
  }
}
