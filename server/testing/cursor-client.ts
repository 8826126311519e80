import { io as ioClient, type Socket } from 'socket.io-client';
import {
  MAX_PULL_LIMIT,
  SyncEvents,
  changesPushSchema,
  pullResultSchema,
  welcomeSchema,
  type Change,
  type StreamId,
} from '../../shared';

/**
 * A sync client that follows docs/protocol.md's client loop exactly — one cursor per
 * stream, pull on welcome, apply a push that starts at or below cursor+1, pull on a gap —
 * and that can move to another server node keeping its cursors. Used by the scale-out
 * test and the two-node bench, where a node dies and its clients go elsewhere.
 */
export class CursorClient {
  readonly cursors = new Map<StreamId, number>();
  /** Every change applied, per stream, in the order applied (seq order when correct). */
  readonly applied = new Map<StreamId, Change[]>();
  /** How often a change arrived that was already applied (pushes overlapping pulls). */
  duplicatesIgnored = 0;
  gapsPulled = 0;
  socket: Socket | null = null;
  #queue: Promise<void> = Promise.resolve();
  #error: Error | null = null;
  readonly #listeners = new Set<(change: Change, receivedAt: number) => void>();

  constructor(private readonly token: string) {}

  /** Called for every change as it is applied, with the time its push or pull arrived. */
  onApplied(listener: (change: Change, receivedAt: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Connects to `url`, resolves once the welcome's catch-up pulls are applied. */
  async connect(url: string): Promise<void> {
    this.socket?.disconnect();
    const socket = ioClient(url, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket = socket;
    socket.on(SyncEvents.changes, (payload: unknown) => {
      const receivedAt = performance.now();
      this.#enqueue(() => this.#onPush(socket, payload, receivedAt));
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', (error) => {
        socket.disconnect();
        reject(error);
      });
      socket.once(SyncEvents.welcome, (payload: unknown) => {
        const welcome = welcomeSchema.parse(payload);
        this.#enqueue(async () => {
          for (const head of welcome.streams) {
            if (head.headSeq > (this.cursors.get(head.stream) ?? 0)) await this.#pull(socket, head.stream);
          }
        });
        void this.#queue.then(() => (this.#error ? reject(this.#error) : resolve()));
      });
    });
  }

  /** Resolves once everything received so far is applied; rejects if applying failed. */
  async settled(): Promise<void> {
    await this.#queue;
    if (this.#error) throw this.#error;
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  /**
   * Steps run one at a time, in arrival order. A step that fails because its socket went
   * away is dropped: the next connection's welcome pulls from the cursor anyway.
   */
  #enqueue(step: () => Promise<void>): void {
    const socket = this.socket;
    this.#queue = this.#queue.then(step).catch((error: unknown) => {
      if (socket !== this.socket || !socket?.connected) return;
      this.#error ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  async #onPush(socket: Socket, payload: unknown, receivedAt: number): Promise<void> {
    if (socket !== this.socket) return; // a late push from a node we left
    const push = changesPushSchema.parse(payload);
    const first = push.changes[0];
    if (!first) return;
    const cursor = this.cursors.get(push.stream) ?? 0;
    if (first.seq > cursor + 1) {
      this.gapsPulled += 1; // the gap rule: something is missing before this push
      await this.#pull(socket, push.stream);
      return;
    }
    this.#apply(push.stream, push.changes, receivedAt);
  }

  async #pull(socket: Socket, stream: StreamId): Promise<void> {
    for (;;) {
      const since = this.cursors.get(stream) ?? 0;
      const raw: unknown = await socket.timeout(10_000).emitWithAck(SyncEvents.pull, { stream, since, limit: MAX_PULL_LIMIT });
      const result = pullResultSchema.parse(raw);
      if (!result.ok) throw new Error(`pull ${stream} refused: ${result.code} ${result.message}`);
      this.#apply(stream, result.changes, performance.now());
      if (!result.hasMore) return;
    }
  }

  #apply(stream: StreamId, changes: Change[], receivedAt: number): void {
    let cursor = this.cursors.get(stream) ?? 0;
    const log = this.applied.get(stream) ?? [];
    for (const change of changes) {
      if (change.seq <= cursor) {
        this.duplicatesIgnored += 1;
        continue;
      }
      if (change.seq !== cursor + 1) throw new Error(`${stream}: seq ${change.seq} after ${cursor} (the server sent a gap)`);
      cursor = change.seq;
      log.push(change);
      for (const listener of this.#listeners) listener(change, receivedAt);
    }
    this.cursors.set(stream, cursor);
    this.applied.set(stream, log);
  }
}
