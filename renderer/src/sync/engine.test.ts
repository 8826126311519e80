import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_PULL_LIMIT,
  mutationSchema,
  pullRequestSchema,
  type Change,
  type ConflictDetail,
  type Mutation,
  type MutationAck,
  type PullResult,
  type StreamId,
  type Welcome,
} from '../../../shared';
import { HuixinDb, openDurableDb } from '../db/database';
import { addNote, assignConversation, listOutbox, sendReply, setConversationPriority, setConversationStatus, snoozeConversation, tagConversation } from '../db/outbox';
import { SESSION_KEY } from '../db/schema';
import { at, conversation, conversationChange, message, messageChange, uniqueDbName } from '../test/fixtures';
import { AckTimeoutError, type Announcement, type ConnectFn, type SyncConnectionEvents } from './connection';
import { PULL_BATCH, SyncEngine } from './engine';
import type { FromWorker } from './messages';

const S: StreamId = 'store:s1';
const USER = { id: 'u1', name: 'lin', displayName: '林小美', role: 'agent' as const };

/**
 * An in-memory server speaking sync protocol v1: per-stream change logs, pulls in
 * batches, mutations applied once per id. It exercises the engine's logic; the real
 * socket.io server is covered by the server and e2e suites.
 */
class ProtocolServer {
  readonly log = new Map<StreamId, Change[]>([[S, []]]);
  readonly pulls: { stream: StreamId; since: number }[] = [];
  /** The compactedSeq each pull echoed (undefined: none). */
  readonly pullFloors: (number | undefined)[] = [];
  /** Compaction: seqs deleted per stream, and the floor (highest deleted seq). */
  readonly deleted = new Set<number>();
  floor = 0;
  readonly received: Mutation[] = [];
  readonly applied = new Set<string>();
  /** Mutation ids whose first delivery gets no ack (a lost answer). */
  readonly dropFirstAck = new Set<string>();
  reject: ((m: Mutation) => string | null) | null = null;
  /** Answers `conflict` (with the detail) for mutations it returns one for. */
  conflict: ((m: Mutation) => ConflictDetail | null) | null = null;
  readonly announced: Announcement[] = [];
  events: SyncConnectionEvents | null = null;
  token = 'a-valid-token-of-enough-length';

  append(stream: StreamId, make: (seq: number) => Change): Change {
    const list = this.log.get(stream) ?? [];
    const change = make(list.length + 1);
    list.push(change);
    this.log.set(stream, list);
    return change;
  }

  connect: ConnectFn = (_url, token, events) => {
    this.events = events;
    queueMicrotask(() => {
      if (token !== this.token) return events.unauthorized('unauthorized');
      events.connected();
      const welcome: Welcome = {
        protocolVersion: 1,
        serverTime: at(100),
        user: USER,
        streams: [...this.log].map(([stream, list]) => ({ stream, headSeq: list.length })),
      };
      events.welcome(welcome);
    });
    return {
      pull: async (request) => {
        const { stream, since, limit, compactedSeq } = pullRequestSchema.parse(request);
        expect(limit).toBeLessThanOrEqual(MAX_PULL_LIMIT);
        this.pulls.push({ stream, since });
        this.pullFloors.push(compactedSeq);
        const belowFloor = since < this.floor;
        if (belowFloor && since > 0 && compactedSeq !== this.floor) {
          return { ok: false, code: 'cursor_too_old', message: 'too old' } satisfies PullResult;
        }
        const list = (this.log.get(stream) ?? []).filter((c) => c.seq > since && !this.deleted.has(c.seq));
        const result: PullResult = {
          ok: true,
          stream,
          changes: list.slice(0, limit),
          headSeq: this.log.get(stream)?.length ?? 0,
          hasMore: limit < list.length,
          ...(belowFloor ? { compactedSeq: this.floor } : {}),
        };
        return result;
      },
      mutate: async (raw) => {
        const mutation = mutationSchema.parse(raw);
        this.received.push(mutation);
        const conflict = this.conflict?.(mutation) ?? null;
        if (conflict) return { mutationId: mutation.mutationId, status: 'rejected', code: 'conflict', message: 'someone was first', conflict } satisfies MutationAck;
        const reason = this.reject?.(mutation) ?? null;
        if (reason) return { mutationId: mutation.mutationId, status: 'rejected', code: 'forbidden', message: reason } satisfies MutationAck;
        if (!this.applied.has(mutation.mutationId)) {
          this.applied.add(mutation.mutationId);
          const p = mutation.payload;
          if (p.type === 'message.send') {
            const change = this.append(S, (seq) => messageChange(S, seq, message(p.messageId, { conversationId: p.conversationId, direction: 'out', body: p.body, delivery: 'sent', authorId: USER.id })));
            queueMicrotask(() => this.events?.changes({ stream: S, changes: [change] }));
          }
        }
        if (this.dropFirstAck.delete(mutation.mutationId)) throw new AckTimeoutError('sync:mutate');
        return { mutationId: mutation.mutationId, status: 'applied' } satisfies MutationAck;
      },
      announce: (announcement) => {
        this.announced.push(announcement);
      },
      close: () => {
        this.events = null;
      },
    };
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(server: ProtocolServer, token = server.token) {
  const name = uniqueDbName('engine');
  const cache = new HuixinDb(name);
  const durable = openDurableDb(name);
  await cache.session.put({ key: SESSION_KEY, token, expiresAt: at(10_000), user: USER, serverUrl: 'http://127.0.0.1:1' });
  const reports: FromWorker[] = [];
  const engine = new SyncEngine({ cache, durable, connect: server.connect, report: (m) => reports.push(m), log: () => {}, sleep: async () => {} });
  cleanup.push(async () => {
    engine.stop();
    durable.close();
    await cache.delete();
  });
  return { cache, durable, engine, reports };
}

const settle = (assertion: () => Promise<void> | void) => vi.waitFor(assertion, { timeout: 5000, interval: 5 });

describe('SyncEngine', () => {
  it('catches up from the cursor in batches and reports progress', async () => {
    const server = new ProtocolServer();
    server.append(S, (seq) => conversationChange(S, seq, conversation('c1')));
    for (let i = 0; i < 1200; i++) server.append(S, (seq) => messageChange(S, seq, message(`m${i}`)));
    const { cache, engine, reports } = await setup(server);
    await engine.start();
    await settle(async () => expect((await cache.cursors.get(S))?.seq).toBe(1201));
    expect(await cache.messages.count()).toBe(1200);
    expect(server.pulls.map((p) => p.since)).toEqual([0, PULL_BATCH, 2 * PULL_BATCH]);
    expect(reports).toContainEqual({ type: 'connection', state: 'online', detail: null });
    await settle(() => expect(reports.at(-1)).toEqual({ type: 'progress', progress: { syncing: false, applied: 1201, total: 1201 } }));
  });

  it('applies a contiguous push and pulls when a push leaves a gap', async () => {
    const server = new ProtocolServer();
    server.append(S, (seq) => conversationChange(S, seq, conversation('c1')));
    const { cache, engine } = await setup(server);
    await engine.start();
    await settle(async () => expect((await cache.cursors.get(S))?.seq).toBe(1));
    const pullsBefore = server.pulls.length;

    const next = server.append(S, (seq) => messageChange(S, seq, message('live')));
    server.events?.changes({ stream: S, changes: [next] });
    await settle(async () => expect(await cache.messages.get('live')).toBeDefined());
    expect(server.pulls.length).toBe(pullsBefore);

    server.append(S, (seq) => messageChange(S, seq, message('missed')));
    const after = server.append(S, (seq) => messageChange(S, seq, message('after-gap')));
    server.events?.changes({ stream: S, changes: [after] });
    await settle(async () => expect((await cache.cursors.get(S))?.seq).toBe(4));
    expect(await cache.messages.get('missed')).toBeDefined();
    expect(server.pulls.at(-1)).toEqual({ stream: S, since: 2 });
  });

  it('drops pushes that do not parse', async () => {
    const server = new ProtocolServer();
    const { cache, engine } = await setup(server);
    await engine.start();
    await settle(() => expect(server.pulls.length).toBe(1));
    server.events?.changes({ stream: S, changes: [{ stream: S, seq: 1, entity: 'message', op: 'upsert', data: { id: 'x', body: '<img onerror=alert(1)>' } }] });
    server.events?.changes({ stream: S, changes: [messageChange(S, 1, message('ok'))] });
    await settle(async () => expect(await cache.messages.get('ok')).toBeDefined());
    expect(await cache.messages.get('x')).toBeUndefined();
  });

  it('drains the outbox in creation order after catching up, and a lost ack is resent but applied once', async () => {
    const server = new ProtocolServer();
    server.append(S, (seq) => conversationChange(S, seq, conversation('c1')));
    const { cache, durable, engine } = await setup(server);
    const firstId = await sendReply(durable, 'c1', '亲，今天下午发货 📦');
    await setConversationStatus(durable, 'c1', 'pending');
    await sendReply(durable, 'c1', 'مرحبا');
    const order = (await listOutbox(durable)).map((r) => r.mutationId);
    server.dropFirstAck.add(order[0]!);

    await engine.start();
    await settle(async () => expect(await durable.outbox.count()).toBe(0));
    expect(server.received.map((m) => m.mutationId)).toEqual([order[0], order[0], order[1], order[2]]);
    expect(server.applied.size).toBe(3);
    await settle(async () => expect((await cache.messages.get(firstId))?.delivery).toBe('sent'));
    expect(server.pulls[0]).toEqual({ stream: S, since: 0 });
  });

  it('a rejected mutation stays in the outbox as failed and later ones still go out', async () => {
    const server = new ProtocolServer();
    server.reject = (m) => (m.payload.type === 'conversation.setStatus' ? 'conversation is closed' : null);
    const { durable, engine, reports } = await setup(server);
    await setConversationStatus(durable, 'c1', 'resolved');
    await sendReply(durable, 'c1', 'hello');
    await engine.start();
    await settle(async () => expect(await durable.outbox.count()).toBe(1));
    const [left] = await listOutbox(durable);
    expect(left).toMatchObject({ state: 'failed', failure: { code: 'forbidden', message: 'conversation is closed' } });
    expect(server.applied.size).toBe(1);
    expect(reports).toContainEqual({ type: 'problem', message: 'forbidden: conversation is closed' });
  });

  it('sends an action queued while online when told the outbox changed', async () => {
    const server = new ProtocolServer();
    const { durable, engine } = await setup(server);
    await engine.start();
    await settle(() => expect(server.pulls.length).toBe(1));
    await sendReply(durable, 'c1', 'typed while online');
    await engine.drainOutbox();
    expect(server.received).toHaveLength(1);
    expect(await durable.outbox.count()).toBe(0);
  });

  it('reports unauthorized for a refused token and without a session, keeping the outbox', async () => {
    const server = new ProtocolServer();
    const refused = await setup(server, 'a-token-the-server-does-not-know');
    await sendReply(refused.durable, 'c1', 'keep me');
    await refused.engine.start();
    await settle(() => expect(refused.reports.at(-1)).toMatchObject({ type: 'connection', state: 'unauthorized' }));
    expect(await refused.durable.outbox.count()).toBe(1);

    const none = await setup(server);
    await none.cache.session.clear();
    await none.engine.start();
    expect(none.reports).toEqual([{ type: 'connection', state: 'unauthorized', detail: 'no session' }]);
  });

  it('a conflict drops the change from the outbox (its overlay goes) and reports who was first', async () => {
    const server = new ProtocolServer();
    const detail: ConflictDetail = { field: 'status', current: 'resolved', changedBy: 'u2' };
    server.conflict = (m) => (m.payload.type === 'conversation.setStatus' ? detail : null);
    const { durable, engine, reports } = await setup(server);
    await setConversationStatus(durable, 'c1', 'pending', 'open');
    await sendReply(durable, 'c1', 'still sent');
    await engine.start();
    await settle(async () => expect(await durable.outbox.count()).toBe(0));
    expect(server.received.map((m) => m.payload.type)).toEqual(['conversation.setStatus', 'message.send']);
    expect(server.received[0]?.payload).toMatchObject({ expectedStatus: 'open' });
    expect(reports).toContainEqual({ type: 'conflict', conversationId: 'c1', conflict: detail });
    expect(reports.some((r) => r.type === 'problem')).toBe(false);
  });

  it('replays every kind of agent action queued offline, in order, after (re)connecting', async () => {
    const server = new ProtocolServer();
    const { durable, engine } = await setup(server);
    await sendReply(durable, 'c1', 'reply');
    await addNote(durable, 'c1', 'note');
    await setConversationStatus(durable, 'c1', 'pending', 'open');
    await assignConversation(durable, 'c1', 'u2', null);
    await tagConversation(durable, 'c1', { add: ['vip'] });
    await snoozeConversation(durable, 'c1', new Date(Date.parse(at(0)) + 3_600_000));
    await setConversationPriority(durable, 'c1', 'high');
    const queued = (await listOutbox(durable)).map((r) => r.mutationId);
    await engine.start();
    await settle(async () => expect(await durable.outbox.count()).toBe(0));
    expect(server.received.map((m) => m.mutationId)).toEqual(queued);
    expect(server.received.map((m) => m.payload.type)).toEqual([
      'message.send',
      'note.add',
      'conversation.setStatus',
      'conversation.assign',
      'conversation.tag',
      'conversation.snooze',
      'conversation.setPriority',
    ]);
  });

  it('announces the conversation on screen, again after every welcome, and reports presence from the server', async () => {
    const server = new ProtocolServer();
    const { durable, engine, reports } = await setup(server);
    engine.setViewing('c1'); // before connecting: nothing to send yet
    expect(server.announced).toEqual([]);
    await engine.start();
    await settle(() => expect(server.announced).toEqual([{ event: 'viewing', payload: { conversationId: 'c1' } }]));
    engine.typing('c1');
    engine.setViewing('c1'); // unchanged: not repeated
    expect(server.announced.at(-1)).toEqual({ event: 'typing', payload: { conversationId: 'c1' } });
    // A reconnect: the server forgot; the engine says it again, first thing.
    await sendReply(durable, 'c1', 'queued before the reconnect');
    server.events?.welcome({ protocolVersion: 1, serverTime: at(200), user: USER, streams: [{ stream: S, headSeq: 0 }] });
    expect(server.announced.filter((a) => a.event === 'viewing')).toHaveLength(2);
    // The welcome's catch-up ends by draining the outbox: wait for it before the cache closes.
    await settle(async () => expect(await durable.outbox.count()).toBe(0));
    server.events?.presenceUpdate({ conversationId: 'c1', viewers: ['u1', 'u2'], typing: ['u2'] });
    server.events?.presenceUpdate({ conversationId: 'c1', viewers: 'not a list' });
    server.events?.presenceOnline({ userIds: ['u1', 'u2'] });
    expect(reports.filter((r) => r.type === 'presence' || r.type === 'online')).toEqual([
      { type: 'presence', update: { conversationId: 'c1', viewers: ['u1', 'u2'], typing: ['u2'] } },
      { type: 'online', userIds: ['u1', 'u2'] },
    ]);
  });

  it('a cursor older than the server keeps re-reads the stream from 0 under the compaction floor, with progress', async () => {
    const server = new ProtocolServer();
    server.append(S, (seq) => conversationChange(S, seq, conversation('c1', { status: 'open' })));
    server.append(S, (seq) => messageChange(S, seq, message('m0')));
    server.append(S, (seq) => messageChange(S, seq, message('m1')));
    const first = await setup(server);
    await first.engine.start();
    await settle(async () => expect((await first.cache.cursors.get(S))?.seq).toBe(3));
    first.engine.stop();

    // While the client is away: 698 more messages, and three snapshots superseded...
    for (let i = 2; i < 700; i++) server.append(S, (seq) => messageChange(S, seq, message(`m${i}`)));
    server.append(S, (seq) => conversationChange(S, seq, conversation('c1', { status: 'resolved' })));
    server.append(S, (seq) => messageChange(S, seq, message('m2', { body: 'm2 edited' })));
    server.append(S, (seq) => messageChange(S, seq, message('m599', { body: 'm599 edited' })));
    // ...and compacted away: seq 1 (c1), 4 (m2), 601 (m599).
    for (const seq of [1, 4, 601]) server.deleted.add(seq);
    server.floor = 601;

    const reports: FromWorker[] = [];
    const engine = new SyncEngine({ cache: first.cache, durable: first.durable, connect: server.connect, report: (m) => reports.push(m), log: () => {}, sleep: async () => {} });
    cleanup.unshift(async () => engine.stop()); // before the cache it shares is deleted
    server.pulls.length = 0;
    server.pullFloors.length = 0;
    await engine.start();
    await settle(async () => expect((await first.cache.cursors.get(S))?.seq).toBe(704));
    // Refused from 3, then 0, then the second page below the floor says which floor it pages under.
    expect(server.pulls.map((p) => p.since)).toEqual([3, 0, 502]);
    expect(server.pullFloors).toEqual([undefined, undefined, 601]);
    expect(await first.cache.messages.count()).toBe(700);
    expect((await first.cache.messages.get('m2'))?.body).toBe('m2 edited');
    expect((await first.cache.messages.get('m599'))?.body).toBe('m599 edited');
    expect((await first.cache.conversations.get('c1'))?.status).toBe('resolved');
    // The progress bar covered the whole re-read (704 seqs) and ended.
    const progress = reports.flatMap((r) => (r.type === 'progress' ? [r.progress] : []));
    expect(progress.some((p) => p.syncing && p.total === 704)).toBe(true);
    await settle(() => expect(progress.at(-1)).toEqual({ syncing: false, applied: 704, total: 704 }));
  });
});
