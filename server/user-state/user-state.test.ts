import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  SyncEvents,
  criteriaOf,
  mutationAckSchema,
  pullResultSchema,
  userStream,
  type Change,
  type MutationPayload,
  type Store,
  type User,
} from '../../shared';
import { breakValue, hostileJson } from '../testing/fuzz';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

/**
 * Saved views and read marks over the real socket and database: they live in the owner's
 * private stream, only the owner reads or changes them, read marks only move forward,
 * and malformed input is refused without a write.
 */
describe('agent state that follows the agent: saved views and read marks', () => {
  let server: TestServer;
  let store: Store & { secret: string };
  let otherStore: Store & { secret: string };
  let mei: User;
  let alex: User;
  let meiClient: SyncClient;
  let alexClient: SyncClient;
  let ownerClient: SyncClient;
  let conversationId: string;
  let otherConversationId: string;

  const mutate = async (client: SyncClient, payload: MutationPayload, mutationId: string = randomUUID()) =>
    mutationAckSchema.parse(await client.request(SyncEvents.mutate, { mutationId, createdAt: new Date().toISOString(), payload }));

  const viewPayload = (viewId: string, name: string, position = 0): MutationPayload => ({
    type: 'savedView.save',
    viewId,
    view: { name, filter: { ...criteriaOf(EMPTY_FILTER), statuses: ['open'], platforms: ['taobao'] }, sort: 'waitingLongest', position },
  });

  const readAtInDb = async (userId: string, id: string): Promise<string | null> => {
    const [row] = await server.database.query<{ read_at: Date }>('SELECT read_at FROM read_marks WHERE user_id = $1 AND conversation_id = $2', [userId, id]);
    return row?.read_at.toISOString() ?? null;
  };
  const pullUserStream = async (client: SyncClient, userId: string) =>
    pullResultSchema.parse(await client.request(SyncEvents.pull, { stream: userStream(userId), since: 0, limit: 1000 }));
  const userStreamChanges = (client: SyncClient): Change[] => client.pushes.flatMap((push) => (push.stream.startsWith('user:') ? push.changes : []));

  beforeAll(async () => {
    server = await startTestServer();
    store = await server.addStore('Views store');
    otherStore = await server.addStore('Not granted');
    mei = await server.addUser('mei', 'agent');
    alex = await server.addUser('alex', 'agent');
    await server.addUser('boss', 'owner');
    await server.grant(store.id, mei.id);
    await server.grant(store.id, alex.id);
    await server.deliver(store, [chatEvent({ body: 'first question' })]);
    await server.deliver(otherStore, [chatEvent({ body: 'elsewhere' })]);
    const [conversation] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE store_id = $1', [store.id]);
    const [other] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE store_id = $1', [otherStore.id]);
    if (!conversation || !other) throw new Error('setup failed');
    conversationId = conversation.id;
    otherConversationId = other.id;
    meiClient = await server.connect((await server.login('mei')).token);
    alexClient = await server.connect((await server.login('alex')).token);
    ownerClient = await server.connect((await server.login('boss')).token);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('saves, renames and deletes a view in the owner’s stream; a deleted view stays deleted', async () => {
    const viewId = randomUUID();
    expect(meiClient.welcome.streams.map((s) => s.stream)).toContain(userStream(mei.id));
    expect(await mutate(meiClient, viewPayload(viewId, '  Taobao waiting  '))).toMatchObject({ status: 'applied' });
    const created = await meiClient.waitForChange((c) => c.entity === 'savedView' && c.data.id === viewId);
    expect(created.stream).toBe(userStream(mei.id));
    expect(created.data).toMatchObject({ ownerId: mei.id, name: 'Taobao waiting', sort: 'waitingLongest', deletedAt: null, filter: { statuses: ['open'], platforms: ['taobao'] } });

    expect(await mutate(meiClient, viewPayload(viewId, '淘宝 等待', 3))).toMatchObject({ status: 'applied' });
    const renamed = await meiClient.waitForChange((c) => c.entity === 'savedView' && c.data.id === viewId && c.data.name === '淘宝 等待');
    expect(renamed.data).toMatchObject({ position: 3, createdAt: (created.data as { createdAt: string }).createdAt });

    expect(await mutate(meiClient, { type: 'savedView.delete', viewId })).toMatchObject({ status: 'applied' });
    await meiClient.waitForChange((c) => c.entity === 'savedView' && c.data.id === viewId && c.data.deletedAt !== null);
    expect(await mutate(meiClient, viewPayload(viewId, 'back again'))).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await mutate(meiClient, { type: 'savedView.delete', viewId })).toMatchObject({ status: 'rejected', code: 'not_found' });

    // A fresh machine reads the whole story from the stream: the latest snapshot is the tombstone.
    const pulled = await pullUserStream(meiClient, mei.id);
    if (!pulled.ok) throw new Error(pulled.message);
    const snapshots = pulled.changes.filter((c) => c.entity === 'savedView' && c.data.id === viewId);
    expect(snapshots.at(-1)?.data).toMatchObject({ name: '淘宝 等待', deletedAt: expect.any(String) });
  });

  it('a replayed save is applied once', async () => {
    const viewId = randomUUID();
    const mutationId = randomUUID();
    const [before] = await server.feed.heads([userStream(mei.id)]);
    expect(await mutate(meiClient, viewPayload(viewId, 'Once'), mutationId)).toMatchObject({ status: 'applied' });
    expect(await mutate(meiClient, viewPayload(viewId, 'Once'), mutationId)).toMatchObject({ status: 'applied' });
    const [after] = await server.feed.heads([userStream(mei.id)]);
    expect((after?.headSeq ?? 0) - (before?.headSeq ?? 0)).toBe(1);
  });

  it('another user — even an owner — can neither read nor change my views and marks', async () => {
    const viewId = randomUUID();
    expect(await mutate(meiClient, viewPayload(viewId, 'Mine only'))).toMatchObject({ status: 'applied' });
    expect(await mutate(meiClient, { type: 'conversation.markRead', marks: [{ conversationId, readAt: new Date().toISOString() }] })).toMatchObject({
      status: 'applied',
    });
    await meiClient.waitForChange((c) => c.entity === 'readMark' && c.data.conversationId === conversationId);

    for (const intruder of [alexClient, ownerClient]) {
      expect(await mutate(intruder, viewPayload(viewId, 'hijacked'))).toMatchObject({ status: 'rejected', code: 'not_found' });
      expect(await mutate(intruder, { type: 'savedView.delete', viewId })).toMatchObject({ status: 'rejected', code: 'not_found' });
      expect(await pullUserStream(intruder, mei.id)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(intruder.welcome.streams.map((s) => s.stream)).not.toContain(userStream(mei.id));
    }
    const [row] = await server.database.query<{ name: string; owner_id: string; deleted_at: Date | null }>('SELECT * FROM saved_views WHERE id = $1', [viewId]);
    expect(row).toMatchObject({ name: 'Mine only', owner_id: mei.id, deleted_at: null });
    // Alex's own read state is separate: Mei reading the thread does not read it for Alex.
    expect(await readAtInDb(alex.id, conversationId)).toBeNull();
    // Nothing of Mei's stream was pushed to anyone else (a barrier: Alex's own change arrives after).
    expect(await mutate(alexClient, viewPayload(randomUUID(), 'Alex barrier'))).toMatchObject({ status: 'applied' });
    await alexClient.waitForChange((c) => c.entity === 'savedView' && c.data.name === 'Alex barrier');
    for (const client of [alexClient, ownerClient]) {
      expect(userStreamChanges(client).filter((c) => c.stream === userStream(mei.id))).toEqual([]);
    }
    expect(JSON.stringify(ownerClient.pushes)).not.toContain('Mine only');
  });

  it('a read mark only moves forward, is capped at the latest inbound message, and names only readable threads', async () => {
    const [conversation] = await server.database.query<{ last_inbound_at: Date }>('SELECT last_inbound_at FROM conversations WHERE id = $1', [conversationId]);
    if (!conversation) throw new Error('no conversation');
    const lastInbound = conversation.last_inbound_at.getTime();
    const at = (offsetMs: number) => new Date(lastInbound + offsetMs).toISOString();

    // A forged future time is capped: the buyer's next message must still count as unread.
    expect(await mutate(alexClient, { type: 'conversation.markRead', marks: [{ conversationId, readAt: at(3_600_000) }] })).toMatchObject({ status: 'applied' });
    expect(await readAtInDb(alex.id, conversationId)).toBe(at(0));

    // A stale mark (from a machine that was offline) is acknowledged but changes nothing.
    const [before] = await server.feed.heads([userStream(alex.id)]);
    expect(await mutate(alexClient, { type: 'conversation.markRead', marks: [{ conversationId, readAt: at(-60_000) }] })).toMatchObject({ status: 'applied' });
    expect(await readAtInDb(alex.id, conversationId)).toBe(at(0));
    const [after] = await server.feed.heads([userStream(alex.id)]);
    expect(after?.headSeq).toBe(before?.headSeq);

    // A new buyer message: the mark moves on only when the agent has seen it.
    await server.deliver(store, [chatEvent({ body: 'second question', sentAt: new Date(lastInbound + 5_000).toISOString() })]);
    const [next] = await server.database.query<{ last_inbound_at: Date }>('SELECT last_inbound_at FROM conversations WHERE id = $1', [conversationId]);
    const newer = next?.last_inbound_at.toISOString() ?? '';
    expect(Date.parse(newer)).toBeGreaterThan(lastInbound);
    expect(await mutate(alexClient, { type: 'conversation.markRead', marks: [{ conversationId, readAt: at(-1) }, { conversationId, readAt: newer }] })).toMatchObject({
      status: 'applied',
    });
    expect(await readAtInDb(alex.id, conversationId)).toBe(newer);
    const mark = await alexClient.waitForChange((c) => c.entity === 'readMark' && c.data.readAt === newer);
    expect(mark).toMatchObject({ stream: userStream(alex.id), data: { id: conversationId, conversationId } });

    // A batch naming a thread of a store Alex may not read (or one that does not exist) is refused whole.
    for (const foreign of [otherConversationId, 'no-such-conversation']) {
      const ack = await mutate(alexClient, {
        type: 'conversation.markRead',
        marks: [{ conversationId, readAt: newer }, { conversationId: foreign, readAt: new Date().toISOString() }],
      });
      expect(ack).toMatchObject({ status: 'rejected', code: 'not_found' });
      expect(await readAtInDb(alex.id, foreign)).toBeNull();
    }
  });

  it('rejects malformed views and marks with bad_request and writes nothing', async () => {
    const count = async () => {
      const [views] = await server.database.query<{ n: string }>('SELECT count(*) AS n FROM saved_views');
      const [marks] = await server.database.query<{ n: string }>('SELECT count(*) AS n FROM read_marks');
      const [changes] = await server.database.query<{ n: string }>('SELECT count(*) AS n FROM changes');
      return [views?.n, marks?.n, changes?.n];
    };
    const before = await count();
    // Every filter field has a default, so the fuzzed save carries an empty filter: removing
    // any field of it must then make the mutation invalid.
    const validSave = {
      mutationId: randomUUID(),
      createdAt: new Date().toISOString(),
      payload: { type: 'savedView.save', viewId: randomUUID(), view: { name: 'valid', filter: {}, sort: 'latest', position: 0 } },
    };
    const validMark = { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload: { type: 'conversation.markRead', marks: [{ conversationId, readAt: new Date().toISOString() }] } };
    // Broken in a way the schema must catch: too long, empty, too many, unknown enum values.
    const handPicked: unknown[] = [
      { ...validSave, payload: { ...validSave.payload, view: { ...validSave.payload.view, name: '   ' } } },
      { ...validSave, payload: { ...validSave.payload, view: { ...validSave.payload.view, name: 'x'.repeat(61) } } },
      { ...validSave, payload: { ...validSave.payload, view: { ...validSave.payload.view, position: -1 } } },
      { ...validSave, payload: { ...validSave.payload, view: { ...validSave.payload.view, filter: { statuses: ['closed'] } } } },
      { ...validSave, payload: { ...validSave.payload, view: { ...validSave.payload.view, filter: { storeIds: Array.from({ length: 51 }, (_, i) => `s${i}`) } } } },
      { ...validSave, payload: { ...validSave.payload, view: { ...validSave.payload.view, sort: 'random' } } },
      { ...validMark, payload: { type: 'conversation.markRead', marks: [] } },
      { ...validMark, payload: { type: 'conversation.markRead', marks: Array.from({ length: 201 }, () => ({ conversationId, readAt: new Date().toISOString() })) } },
      { ...validMark, payload: { type: 'conversation.markRead', marks: [{ conversationId, readAt: 'yesterday' }] } },
    ];
    for (const payload of handPicked) {
      expect(mutationAckSchema.parse(await meiClient.request(SyncEvents.mutate, payload))).toMatchObject({ status: 'rejected', code: 'bad_request' });
    }
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJson(), breakValue(validSave), breakValue(validMark)), async (payload) => {
        const ack = mutationAckSchema.parse(await meiClient.request(SyncEvents.mutate, payload));
        expect(ack).toMatchObject({ status: 'rejected', code: 'bad_request' });
      }),
      { seed: 20_011, numRuns: 60 },
    );
    expect(await count()).toEqual(before);
  });
});
