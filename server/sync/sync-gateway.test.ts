import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SyncEvents,
  mutationAckSchema,
  pullResultSchema,
  storeStream,
  type Change,
  type InboundEvent,
  type User,
} from '../../shared';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

let server: TestServer;
let storeA: Awaited<ReturnType<TestServer['addStore']>>;
let storeB: Awaited<ReturnType<TestServer['addStore']>>;
let agentA: User;
let lead: User;
let agentToken: string;
let leadToken: string;

beforeAll(async () => {
  server = await startTestServer();
  storeA = await server.addStore('Store A');
  storeB = await server.addStore('Store B');
  agentA = await server.addUser('agent-a', 'agent');
  lead = await server.addUser('lead', 'lead');
  await server.grant(storeA.id, agentA.id);
  agentToken = (await server.login('agent-a')).token;
  leadToken = (await server.login('lead')).token;
});
afterAll(() => server.stop());

const ingest = (storeId: string, ...events: InboundEvent[]) => server.ingest.ingestDelivery(storeId, { events, ignored: [] });

async function pull(client: SyncClient, stream: string, since: number, limit = 1000) {
  return pullResultSchema.parse(await client.request(SyncEvents.pull, { stream, since, limit }));
}

async function mutate(client: SyncClient, mutation: unknown) {
  return mutationAckSchema.parse(await client.request(SyncEvents.mutate, mutation));
}

async function conversationIn(storeId: string): Promise<string> {
  await ingest(storeId, chatEvent({ customer: { platformUserId: `buyer-${randomUUID()}`, nickname: 'B', locale: null, email: null } }));
  const [row] = await server.database.query<{ id: string }>(
    'SELECT id FROM conversations WHERE store_id = $1 ORDER BY created_at DESC LIMIT 1',
    [storeId],
  );
  if (!row) throw new Error('no conversation');
  return row.id;
}

const sendMessage = (conversationId: string, body = 'Thanks, it ships today.') => ({
  mutationId: randomUUID(),
  createdAt: new Date().toISOString(),
  payload: { type: 'message.send', conversationId, messageId: randomUUID(), body },
});

describe('welcome and permissions', () => {
  it('welcomes an agent with the team stream and only the granted store', async () => {
    const client = await server.connect(agentToken);
    expect(client.welcome.user).toMatchObject({ id: agentA.id, role: 'agent' });
    expect(client.welcome.protocolVersion).toBe(1);
    expect(client.welcome.streams.map((s) => s.stream).sort()).toEqual(['team', `user:${agentA.id}`, storeStream(storeA.id)].sort());
    const head = client.welcome.streams.find((s) => s.stream === storeStream(storeA.id));
    expect(head?.headSeq).toBeGreaterThanOrEqual(1); // the store snapshot itself
  });

  it('welcomes a lead with every store', async () => {
    const client = await server.connect(leadToken);
    expect(client.welcome.streams.map((s) => s.stream)).toEqual(
      expect.arrayContaining(['team', storeStream(storeA.id), storeStream(storeB.id)]),
    );
  });

  it("never gives an agent another store's changes, by push or by pull", async () => {
    const agent = await server.connect(agentToken);
    const leadClient = await server.connect(leadToken);
    await ingest(storeB.id, chatEvent({ body: 'secret of B' }));
    await ingest(storeA.id, chatEvent({ body: 'news of A' }));
    // The lead receives both; by then the agent has received A's push (pushes are ordered per socket after B's commit).
    await leadClient.waitForChange((c) => c.entity === 'message' && c.data.body === 'news of A');
    await agent.waitForChange((c) => c.entity === 'message' && c.data.body === 'news of A');
    expect(agent.pushes.every((push) => push.stream !== storeStream(storeB.id))).toBe(true);
    expect(JSON.stringify(agent.pushes)).not.toContain('secret of B');

    const forbidden = await pull(agent, storeStream(storeB.id), 0);
    expect(forbidden).toMatchObject({ ok: false, code: 'forbidden' });
    const unknown = await pull(agent, storeStream('does-not-exist'), 0);
    expect(unknown).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it("rejects an agent's mutation on another store's conversation as not_found", async () => {
    const agent = await server.connect(agentToken);
    const conversationB = await conversationIn(storeB.id);
    const ack = await mutate(agent, sendMessage(conversationB));
    expect(ack).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await server.database.query("SELECT 1 FROM messages WHERE direction = 'out'")).toHaveLength(0);
  });
});

describe('pull', () => {
  it('returns changes after the cursor in seq order, in batches with hasMore, and the head', async () => {
    const store = await server.addStore('Pull store');
    await server.grant(store.id, agentA.id);
    for (let i = 0; i < 5; i += 1) await ingest(store.id, chatEvent({ body: `m${i}` }));
    const client = await server.connect(agentToken);
    const stream = storeStream(store.id);
    const head = client.welcome.streams.find((s) => s.stream === stream)?.headSeq ?? 0;
    expect(head).toBeGreaterThan(10);

    const seen: Change[] = [];
    let since = 0;
    let pages = 0;
    for (;;) {
      const page = await pull(client, stream, since, 4);
      if (!page.ok) throw new Error(page.message);
      expect(page.headSeq).toBe(head);
      expect(page.changes.length).toBeLessThanOrEqual(4);
      seen.push(...page.changes);
      pages += 1;
      const last = page.changes.at(-1);
      if (!page.hasMore) break;
      since = last?.seq ?? since;
    }
    expect(pages).toBe(Math.ceil(head / 4));
    expect(seen.map((change) => change.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(seen[0]).toMatchObject({ entity: 'store', data: { id: store.id, name: 'Pull store' } });
    expect(JSON.stringify(seen)).not.toContain('secret-'); // credentials never synced

    const empty = await pull(client, stream, head);
    expect(empty).toMatchObject({ ok: true, changes: [], hasMore: false, headSeq: head });
  });

  it('answers a bad pull request with bad_request and keeps the socket usable', async () => {
    const client = await server.connect(agentToken);
    expect(await pull(client, 'store:../../etc', 0)).toMatchObject({ ok: false, code: 'bad_request' });
    expect(pullResultSchema.parse(await client.request(SyncEvents.pull, { stream: 'team', since: -1, limit: 10 }))).toMatchObject({ ok: false, code: 'bad_request' });
    expect(pullResultSchema.parse(await client.request(SyncEvents.pull, { stream: 'team', since: 0, limit: 5000 }))).toMatchObject({ ok: false, code: 'bad_request' });
    expect(pullResultSchema.parse(await client.request(SyncEvents.pull, 'garbage'))).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await pull(client, 'team', 0)).toMatchObject({ ok: true });
  });

  it('survives events without an ack callback or with garbage', async () => {
    const client = await server.connect(agentToken);
    client.socket.emit(SyncEvents.pull, { stream: 'team', since: 0, limit: 10 }); // no ack
    client.socket.emit(SyncEvents.mutate, 12); // no ack, garbage
    client.socket.emit(SyncEvents.mutate); // nothing at all
    client.socket.emit('unknown:event', { x: 1 }, () => undefined);
    expect(await pull(client, 'team', 0)).toMatchObject({ ok: true });
    expect(client.socket.connected).toBe(true);
  });
});

describe('sequence numbers', () => {
  it('stay gap-free and monotonic under concurrent ingests, and every committed change is pushed once', async () => {
    const store = await server.addStore('Busy store');
    const client = await server.connect(leadToken); // a lead sees a store created before connect
    const stream = storeStream(store.id);
    const before = (await server.feed.heads([stream]))[0]?.headSeq ?? 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ingest(store.id, chatEvent({ customer: { platformUserId: `c${i % 3}`, nickname: `c${i % 3}`, locale: null, email: null }, body: `burst ${i}` })),
      ),
    );
    const page = await pull(client, stream, 0);
    if (!page.ok) throw new Error(page.message);
    expect(page.changes.map((c) => c.seq)).toEqual(Array.from({ length: page.headSeq }, (_, i) => i + 1));
    expect(page.headSeq).toBeGreaterThan(before + 12 * 2);
    const bodies = page.changes.flatMap((c) => (c.entity === 'message' ? [c.data.body] : []));
    expect(bodies.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `burst ${i}`).sort());

    await client.waitForChange((c) => c.stream === stream && c.seq === page.headSeq);
    const streamPushes = client.pushes.filter((p) => p.stream === stream);
    // Each push is one committed transaction: consecutive seqs. Across pushes the order is
    // commit order in practice, but the protocol only promises gap detection, so compare as a set.
    for (const push of streamPushes) {
      const seqs = push.changes.map((c) => c.seq);
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
    }
    const pushedSeqs = streamPushes.flatMap((p) => p.changes.map((c) => c.seq)).sort((a, b) => a - b);
    expect(pushedSeqs).toEqual(Array.from({ length: page.headSeq - before }, (_, i) => before + i + 1));
  });
});

describe('mutations', () => {
  it('message.send stores a pending outbound message, updates the conversation and pushes both', async () => {
    const conversationId = await conversationIn(storeA.id);
    const client = await server.connect(agentToken);
    const mutation = sendMessage(conversationId, '您好，今天发货。');
    expect(await mutate(client, mutation)).toEqual({ mutationId: mutation.mutationId, status: 'applied' });
    const message = await client.waitForChange((c) => c.entity === 'message' && c.data.id === mutation.payload.messageId);
    expect(message.data).toMatchObject({ direction: 'out', authorId: agentA.id, body: '您好，今天发货。', conversationId });
    const conversation = await client.waitForChange(
      (c) => c.entity === 'conversation' && c.data.id === conversationId && c.data.lastMessageDirection === 'out',
    );
    expect(conversation.data).toMatchObject({ lastMessagePreview: '您好，今天发货。', waitingSince: null });
  });

  it('applies a mutation id once, however often it is sent, also after a reconnect', async () => {
    const conversationId = await conversationIn(storeA.id);
    const mutation = sendMessage(conversationId, 'exactly once');
    const first = await server.connect(agentToken);
    const acks = await Promise.all([mutate(first, mutation), mutate(first, mutation), mutate(first, mutation)]);
    expect(acks.every((ack) => ack.status === 'applied')).toBe(true);
    first.socket.disconnect();
    const second = await server.connect(agentToken);
    expect(await mutate(second, mutation)).toEqual({ mutationId: mutation.mutationId, status: 'applied' });
    expect(await server.database.query("SELECT id FROM messages WHERE body = 'exactly once'")).toHaveLength(1);
  });

  it('answers the stored rejection to a replay, and conflict to a reused message id', async () => {
    const client = await server.connect(agentToken);
    const unknown = sendMessage('no-such-conversation');
    expect(await mutate(client, unknown)).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await mutate(client, unknown)).toMatchObject({ status: 'rejected', code: 'not_found' });

    const conversationId = await conversationIn(storeA.id);
    const original = sendMessage(conversationId);
    await mutate(client, original);
    const reused = { ...sendMessage(conversationId), payload: { ...original.payload } };
    expect(await mutate(client, reused)).toMatchObject({ status: 'rejected', code: 'conflict' });
  });

  it('rejects bad payloads with bad_request and keeps the socket usable', async () => {
    const client = await server.connect(agentToken);
    const conversationId = await conversationIn(storeA.id);
    const empty = sendMessage(conversationId, '   ');
    expect(await mutate(client, empty)).toMatchObject({ mutationId: empty.mutationId, status: 'rejected', code: 'bad_request' });
    expect(await mutate(client, { mutationId: 'x', payload: { type: 'message.delete' } })).toMatchObject({ status: 'rejected', code: 'bad_request' });
    expect(await mutate(client, null)).toMatchObject({ status: 'rejected', code: 'bad_request' });
    expect(await mutate(client, 'drop table users')).toMatchObject({ status: 'rejected', code: 'bad_request' });
    expect(await mutate(client, sendMessage(conversationId, 'still works'))).toMatchObject({ status: 'applied' });
  });

  it('sets status and assignee; resolving clears the wait; assigning an unknown user is rejected', async () => {
    const client = await server.connect(agentToken);
    const conversationId = await conversationIn(storeA.id);
    const base = () => ({ mutationId: randomUUID(), createdAt: new Date().toISOString() });
    expect(await mutate(client, { ...base(), payload: { type: 'conversation.setStatus', conversationId, status: 'resolved' } })).toMatchObject({ status: 'applied' });
    const resolved = await client.waitForChange((c) => c.entity === 'conversation' && c.data.id === conversationId && c.data.status === 'resolved');
    expect(resolved.data).toMatchObject({ waitingSince: null });

    expect(await mutate(client, { ...base(), payload: { type: 'conversation.assign', conversationId, assigneeId: lead.id } })).toMatchObject({ status: 'applied' });
    await client.waitForChange((c) => c.entity === 'conversation' && c.data.id === conversationId && c.data.assigneeId === lead.id);
    expect(await mutate(client, { ...base(), payload: { type: 'conversation.assign', conversationId, assigneeId: 'ghost' } })).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await mutate(client, { ...base(), payload: { type: 'conversation.assign', conversationId, assigneeId: null } })).toMatchObject({ status: 'applied' });
  });

  it('publishes new users on the team stream', async () => {
    const client = await server.connect(leadToken);
    const user = await server.addUser('newcomer', 'agent');
    const change = await client.waitForChange((c) => c.stream === 'team' && c.entity === 'user' && c.data.id === user.id);
    expect(change.data).toEqual({ id: user.id, name: 'newcomer', displayName: 'newcomer', role: 'agent' });
  });
});
