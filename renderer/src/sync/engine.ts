import {
  TEAM_STREAM,
  changesPushSchema,
  handshakeRevocation,
  revokedSchema,
  wipesWholeCache,
  mutationAckSchema,
  mutationConversationId,
  presenceOnlineSchema,
  presenceUpdateSchema,
  pullResultSchema,
  welcomeSchema,
  type StreamId,
} from '../../../shared';
import { applyChanges, getCursor, resetCursor } from '../db/applyChanges';
import type { HuixinDb } from '../db/database';
import { discardOutboxItem, markApplied, markRejected, markSending, markTransient, nextQueued, requeueInterrupted } from '../db/outbox';
import { dropStoreStreams, purgeExpired, streamsNoLongerReadable, wipeCache } from '../db/security';
import { loadSession, refreshSessionUser } from '../db/session';
import { backoffDelay } from './backoff';
import type { ConnectFn, SyncConnection } from './connection';
import type { FromWorker, SyncProgress } from './messages';

export const PULL_BATCH = 500;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface SyncEngineOptions {
  /** Relaxed-durability connection for synced data. */
  cache: HuixinDb;
  /** Strict-durability connection for the outbox. */
  durable: HuixinDb;
  connect: ConnectFn;
  report: (message: FromWorker) => void;
  log?: (message: string, detail?: unknown) => void;
  /** Waits between outbox retries; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Keeps the cache in step with the server and delivers the outbox.
 *
 * On every welcome it pulls each readable stream from its cursor until caught up, then
 * drains the outbox in creation order, one mutation at a time so acks arrive in order.
 * Live pushes are applied when they continue the cursor; a gap triggers a pull. Work on
 * one stream is serialised so that a push and a pull never interleave their writes.
 */
export class SyncEngine {
  private connection: SyncConnection | null = null;
  private online = false;
  private stopped = false;
  private readonly streamQueues = new Map<StreamId, Promise<void>>();
  private progress: SyncProgress = { syncing: false, applied: 0, total: 0 };
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private failedSends = 0;
  private readonly log: (message: string, detail?: unknown) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private purgeTimer: ReturnType<typeof setInterval> | null = null;
  /** The conversation on screen, re-announced after every welcome (the server forgets on disconnect). */
  private viewing: string | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.log = options.log ?? ((message, detail) => console.warn(`[sync] ${message}`, detail ?? ''));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Reads the session from the cache and connects; reports `unauthorized` without one. */
  async start(): Promise<void> {
    await requeueInterrupted(this.options.durable);
    const session = await loadSession(this.options.cache);
    if (!session) {
      this.options.report({ type: 'connection', state: 'unauthorized', detail: 'no session' });
      return;
    }
    this.stopped = false;
    this.options.report({ type: 'connection', state: 'connecting', detail: null });
    this.connection = this.options.connect(session.serverUrl, session.token, {
      connected: () => {
        this.online = true;
        this.options.report({ type: 'connection', state: 'online', detail: null });
      },
      welcome: (payload) => void this.onWelcome(payload),
      changes: (payload) => void this.onChanges(payload),
      disconnected: (reason) => {
        this.online = false;
        if (!this.stopped) this.options.report({ type: 'connection', state: 'offline', detail: reason });
      },
      unauthorized: (reason) => {
        this.online = false;
        // A removed or disabled account says so in the refusal: wipe as if told live.
        const revocation = handshakeRevocation(reason);
        if (revocation) void this.onRevoked({ reason: revocation, streams: [] });
        else this.options.report({ type: 'connection', state: 'unauthorized', detail: reason });
      },
      revoked: (payload) => void this.onRevoked(payload),
      presenceUpdate: (payload) => {
        const update = presenceUpdateSchema.safeParse(payload);
        if (update.success) this.options.report({ type: 'presence', update: update.data });
        else this.log('dropped a presence update that does not parse', update.error.issues);
      },
      presenceOnline: (payload) => {
        const online = presenceOnlineSchema.safeParse(payload);
        if (online.success) this.options.report({ type: 'online', userIds: online.data.userIds });
        else this.log('dropped an online list that does not parse', online.error.issues);
      },
    });
    // Retention also applies while the app stays open for days.
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS);
  }

  stop(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.purgeTimer = null;
    this.stopped = true;
    this.online = false;
    this.connection?.close();
    this.connection = null;
  }

  /** The agent opened (or closed) a conversation: tell the team now and after every reconnect. */
  setViewing(conversationId: string | null): void {
    if (conversationId === this.viewing) return;
    this.viewing = conversationId;
    if (this.online) this.connection?.announce?.({ event: 'viewing', payload: { conversationId } });
  }

  /** The agent is typing in a conversation (the UI throttles; the server expires it). */
  typing(conversationId: string): void {
    if (this.online) this.connection?.announce?.({ event: 'typing', payload: { conversationId } });
  }

  /** Sends whatever is queued; safe to call at any time (coalesces with a running drain). */
  drainOutbox(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.drainAgain = false;
          await this.drainOnce();
        } while (this.drainAgain && this.online);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async onWelcome(payload: unknown): Promise<void> {
    const welcome = welcomeSchema.safeParse(payload);
    if (!welcome.success) {
      this.log('dropped a welcome that does not parse', welcome.error.issues);
      return;
    }
    if (this.viewing !== null) this.connection?.announce?.({ event: 'viewing', payload: { conversationId: this.viewing } });
    await refreshSessionUser(this.options.cache, welcome.data.user);
    // Streams we hold a cursor for but the welcome no longer lists: access was withdrawn.
    const gone = await streamsNoLongerReadable(this.options.cache, welcome.data.streams.map((s) => s.stream));
    if (gone.length > 0) await dropStoreStreams(this.options.cache, gone);
    const cursors = await Promise.all(welcome.data.streams.map((s) => getCursor(this.options.cache, s.stream)));
    const total = welcome.data.streams.reduce((sum, s, i) => sum + Math.max(0, s.headSeq - (cursors[i] ?? 0)), 0);
    this.setProgress({ syncing: total > 0, applied: 0, total });
    await Promise.all(welcome.data.streams.map((s) => this.exclusive(s.stream, () => this.pullUntilCaughtUp(s.stream))));
    this.setProgress({ ...this.progress, syncing: false });
    await this.purge();
    await this.drainOutbox();
  }

  private async onChanges(payload: unknown): Promise<void> {
    const push = changesPushSchema.safeParse(payload);
    if (!push.success) {
      this.log('dropped a change push that does not parse', push.error.issues);
      return;
    }
    const { stream, changes } = push.data;
    await this.exclusive(stream, async () => {
      const result = await applyChanges(this.options.cache, stream, changes);
      if (result.gap) await this.pullUntilCaughtUp(stream);
    });
    if (stream === TEAM_STREAM && changes.some((change) => change.entity === 'settings')) await this.purge();
  }

  /**
   * Access taken away. Streams: drop their data, keep syncing the rest. Account removed
   * or disabled: wipe the whole cache (outbox included: nothing may be sent in this
   * name any more) and tell the UI. Session ended: forget the token (login screen).
   */
  private async onRevoked(payload: unknown): Promise<void> {
    const parsed = revokedSchema.safeParse(payload);
    if (!parsed.success) {
      this.log('dropped a revocation that does not parse', parsed.error.issues);
      return;
    }
    const { reason, streams } = parsed.data;
    if (reason === 'streams_revoked') {
      await Promise.all(streams.map((stream) => this.exclusive(stream, () => dropStoreStreams(this.options.cache, [stream]).then(() => undefined))));
      return;
    }
    this.stop();
    if (wipesWholeCache(reason)) {
      await wipeCache(this.options.durable, reason);
      this.options.report({ type: 'revoked', reason });
    } else {
      this.options.report({ type: 'connection', state: 'unauthorized', detail: reason });
    }
  }

  private async purge(): Promise<void> {
    try {
      await purgeExpired(this.options.cache);
    } catch (err) {
      this.log('retention purge failed', err);
    }
  }

  /**
   * Pulls one stream in batches from its cursor until the server says there is no more.
   * A cursor older than the server's change history (`cursor_too_old`) re-reads the
   * stream from 0 under the compaction floor the server reports (see resetStream).
   */
  private async pullUntilCaughtUp(stream: StreamId): Promise<void> {
    const wasSyncing = this.progress.syncing;
    try {
      await this.pullLoop(stream);
    } finally {
      // A re-bootstrap outside a welcome's catch-up (after a gap) ends its own progress bar.
      if (!wasSyncing && this.progress.syncing) this.setProgress({ ...this.progress, syncing: false });
    }
  }

  private async pullLoop(stream: StreamId): Promise<void> {
    let compactedSeq: number | undefined;
    let rebootstrapped = false;
    while (this.online && this.connection) {
      const since = await getCursor(this.options.cache, stream);
      let raw: unknown;
      try {
        raw = await this.connection.pull({ stream, since, limit: PULL_BATCH, ...(compactedSeq === undefined ? {} : { compactedSeq }) });
      } catch (err) {
        // Disconnected or timed out: the next welcome starts the catch-up again.
        this.log(`pull ${stream} since ${since} failed`, err);
        return;
      }
      const parsed = pullResultSchema.safeParse(raw);
      if (!parsed.success) {
        this.log(`dropped a pull result for ${stream} that does not parse`, parsed.error.issues);
        return;
      }
      if (!parsed.data.ok) {
        if (parsed.data.code === 'cursor_too_old' && !rebootstrapped) {
          // Away longer than the server keeps changes: read the whole stream again.
          rebootstrapped = true;
          compactedSeq = undefined;
          await this.resetStream(stream, since);
          continue;
        }
        this.log(`server refused pull of ${stream}: ${parsed.data.code}`, parsed.data.message);
        return;
      }
      compactedSeq = parsed.data.compactedSeq ?? compactedSeq;
      const result = await applyChanges(this.options.cache, stream, parsed.data.changes, compactedSeq ?? 0);
      if (result.applied > 0) this.setProgress({ ...this.progress, applied: this.progress.applied + result.applied });
      // A server answer that does not continue our cursor would loop forever: stop and
      // let the next push or reconnect try again.
      if (result.gap || result.applied === 0 || !parsed.data.hasMore) return;
    }
  }

  /**
   * Re-bootstrap of one stream: its cursor goes back to 0 and the progress bar grows by
   * what is read again. Cached rows stay until overwritten: v1 has no deletes and the
   * server keeps the latest snapshot of every entity, so reading from 0 replaces each row
   * with its current state — without blanking the inbox the agent is looking at.
   */
  private async resetStream(stream: StreamId, previousCursor: number): Promise<void> {
    await resetCursor(this.options.cache, stream);
    const syncing = this.progress.syncing;
    this.setProgress({ syncing: true, applied: syncing ? this.progress.applied : 0, total: (syncing ? this.progress.total : 0) + previousCursor });
    this.log(`cursor ${previousCursor} of ${stream} is older than the server's history: reading it again from 0`);
  }

  private async drainOnce(): Promise<void> {
    const { durable } = this.options;
    while (this.online && this.connection) {
      const row = await nextQueued(durable);
      if (!row) return;
      if (!(await markSending(durable, row.mutationId))) continue;
      let raw: unknown;
      try {
        raw = await this.connection.mutate(row.mutation);
      } catch (err) {
        // No ack: the server may or may not have applied it. Re-queue; the mutation id
        // makes the resend harmless. Stop while offline, back off while online.
        await markTransient(durable, row.mutationId);
        this.log(`no ack for mutation ${row.mutationId}`, err);
        if (!this.online) return;
        await this.sleep(backoffDelay(this.failedSends++));
        continue;
      }
      const ack = mutationAckSchema.safeParse(raw);
      if (!ack.success || ack.data.mutationId !== row.mutationId) {
        await markTransient(durable, row.mutationId);
        this.log(`unreadable ack for mutation ${row.mutationId}`, ack.success ? ack.data : ack.error.issues);
        await this.sleep(backoffDelay(this.failedSends++));
        continue;
      }
      this.failedSends = 0;
      if (ack.data.status === 'applied') {
        await markApplied(durable, row.mutationId);
      } else if (ack.data.code === 'conflict' && ack.data.conflict) {
        // Someone else's change came first and the server kept it. Retrying cannot help
        // (the same mutation id gets the same answer): drop the change, so its overlay
        // goes, and tell the agent who won.
        await markRejected(durable, row.mutationId, ack.data.code, ack.data.message);
        await discardOutboxItem(durable, row.mutationId);
        const conversationId = mutationConversationId(row.mutation.payload);
        if (conversationId) this.options.report({ type: 'conflict', conversationId, conflict: ack.data.conflict });
        else this.options.report({ type: 'problem', message: `${ack.data.code}: ${ack.data.message}` });
      } else {
        await markRejected(durable, row.mutationId, ack.data.code, ack.data.message);
        this.options.report({ type: 'problem', message: `${ack.data.code}: ${ack.data.message}` });
      }
    }
  }

  private exclusive(stream: StreamId, work: () => Promise<void>): Promise<void> {
    const previous = this.streamQueues.get(stream) ?? Promise.resolve();
    const next = previous.then(work, work).catch((err: unknown) => this.log(`sync of ${stream} failed`, err));
    this.streamQueues.set(stream, next);
    return next;
  }

  private setProgress(progress: SyncProgress): void {
    this.progress = progress;
    this.options.report({ type: 'progress', progress });
  }
}
