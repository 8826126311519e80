import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, mutationAckSchema, storeStream, type MutationAck, type User } from '../../shared';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

/** Two agents acting on one conversation at once, over real sockets. */
let server: TestServer;
let store: Awaited<ReturnType<TestServer['addStore']>>;
let alex: User;
let bo: User;
let alexClient: SyncClient;
let boClient: SyncClient;

beforeAll(async () => {
  server = await startTestServer();
  store = await server.addStore('Conflict store');
  alex = await server.addUser('alex', 'agent');
  bo = await server.addUser('bo', 'agent');
  await server.grant(store.id, alex.id);
  await server.grant(store.id, bo.id);
  alexClient = await server.connect((await server.login('alex')).token);
  boClient = await server.connect((await server.login('bo')).token);
}, 60_000);
afterAll(() => server.stop());

async function mutate(client: SyncClient, payload: unknown): Promise<MutationAck> {
  return mutationAckSchema.parse(
    await client.request(SyncEvents.mutate, { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload }, 15_000),
  );
}

async function newConversation(): Promise<string> {
  const platformUserId = `buyer-${randomUUID()}`;
  await server.ingest.ingestDelivery(store.id, { events: [chatEvent({ customer: { platformUserId, nickname: 'B', locale: null, email: null } })], ignored: [] });
  const [row] = await server.database.query<{ id: string }>(
    `SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE c.store_id = $1 AND u.platform_user_id = $2`,
    [store.id, platformUserId],
  );
  if (!row) throw new Error('no conversation');
  return row.id;
}

async function statusOf(id: string): Promise<{ status: string; assignee_id: string | null }> {
  const [row] = await server.database.query<{ status: string; assignee_id: string | null }>('SELECT status, assignee_id FROM conversations WHERE id = $1', [id]);
  if (!row) throw new Error('gone');
  return row;
}

describe('two agents reply at once', () => {
  it('keeps both replies, in the order the server applied them, and both clients see that order', async () => {
    const id = await newConversation();
    const bodies = Array.from({ length: 6 }, (_, i) => `reply ${i}`);
    // Interleave the two agents' sends without waiting in between.
    const acks = await Promise.all(
      bodies.map((body, i) => mutate(i % 2 === 0 ? alexClient : boClient, { type: 'message.send', conversationId: id, messageId: randomUUID(), body })),
    );
    expect(acks.every((ack) => ack.status === 'applied')).toBe(true);

    const rows = await server.database.query<{ id: string; body: string; author_id: string }>(
      `SELECT id, body, author_id FROM messages WHERE conversation_id = $1 AND direction = 'out'`,
      [id],
    );
    expect(rows.map((r) => r.body).sort()).toEqual(bodies);
    // Server order = change-feed order; every client gets the same seqs for the same messages.
    const orderOn = async (client: SyncClient) => {
      for (const row of rows) await client.waitForChange((c) => c.entity === 'message' && c.data.id === row.id);
      return client.pushes
        .filter((p) => p.stream === storeStream(store.id))
        .flatMap((p) => p.changes)
        .filter((c) => c.entity === 'message' && c.data.conversationId === id && c.data.direction === 'out')
        .map((c) => `${c.seq}:${c.data.id}`);
    };
    const seenByAlex = await orderOn(alexClient);
    const seenByBo = await orderOn(boClient);
    expect(seenByAlex).toEqual(seenByBo);
    const firstSeqs = new Map<string, number>();
    for (const entry of seenByAlex) {
      const [seq, messageId] = entry.split(':');
      if (messageId && !firstSeqs.has(messageId)) firstSeqs.set(messageId, Number(seq));
    }
    expect(firstSeqs.size).toBe(6);
    const authors = new Set(rows.map((r) => r.author_id));
    expect(authors).toEqual(new Set([alex.id, bo.id]));
  });
});

describe('concurrent status and assignment changes', () => {
  it('the first resolve wins; the second, which expected "open", is rejected naming who resolved it', async () => {
    const id = await newConversation();
    expect(await mutate(alexClient, { type: 'conversation.setStatus', conversationId: id, status: 'resolved', expectedStatus: 'open' })).toMatchObject({ status: 'applied' });
    const lost = await mutate(boClient, { type: 'conversation.setStatus', conversationId: id, status: 'pending', expectedStatus: 'open' });
    expect(lost).toMatchObject({ status: 'rejected', code: 'conflict', conflict: { field: 'status', current: 'resolved', changedBy: alex.id } });
    expect(lost.status === 'rejected' && lost.message).toContain('alex');
    expect(lost.status === 'rejected' && lost.message).toContain('resolved');
    expect((await statusOf(id)).status).toBe('resolved');
  });

  it('of two racing changes with the same expectation exactly one wins, and the loser is told the winner', async () => {
    const id = await newConversation();
    const [a, b] = await Promise.all([
      mutate(alexClient, { type: 'conversation.setStatus', conversationId: id, status: 'resolved', expectedStatus: 'open' }),
      mutate(boClient, { type: 'conversation.setStatus', conversationId: id, status: 'pending', expectedStatus: 'open' }),
    ]);
    const outcomes = [a, b].map((ack) => ack.status).sort();
    expect(outcomes).toEqual(['applied', 'rejected']);
    const winner = a.status === 'applied' ? { user: alex, status: 'resolved' } : { user: bo, status: 'pending' };
    const loser = a.status === 'applied' ? b : a;
    expect(loser).toMatchObject({ code: 'conflict', conflict: { field: 'status', current: winner.status, changedBy: winner.user.id } });
    expect((await statusOf(id)).status).toBe(winner.status);
  });

  it('a stale expected assignee is rejected with the current assignee and who assigned them', async () => {
    const id = await newConversation();
    expect(await mutate(alexClient, { type: 'conversation.assign', conversationId: id, assigneeId: alex.id, expectedAssigneeId: null })).toMatchObject({ status: 'applied' });
    const lost = await mutate(boClient, { type: 'conversation.assign', conversationId: id, assigneeId: bo.id, expectedAssigneeId: null });
    expect(lost).toMatchObject({ status: 'rejected', code: 'conflict', conflict: { field: 'assignee', current: alex.id, changedBy: alex.id } });
    expect((await statusOf(id)).assignee_id).toBe(alex.id);
    // Seeing the current value, the same change goes through.
    expect(await mutate(boClient, { type: 'conversation.assign', conversationId: id, assigneeId: bo.id, expectedAssigneeId: alex.id })).toMatchObject({ status: 'applied' });
    expect((await statusOf(id)).assignee_id).toBe(bo.id);
  });

  it('names nobody when the value was changed by something other than an agent', async () => {
    const id = await newConversation();
    await mutate(alexClient, { type: 'conversation.setStatus', conversationId: id, status: 'resolved' });
    // The system changes it afterwards (e.g. a buyer's message reopens the thread).
    await server.database.query(`UPDATE conversations SET status = 'pending' WHERE id = $1`, [id]);
    const lost = await mutate(boClient, { type: 'conversation.setStatus', conversationId: id, status: 'open', expectedStatus: 'resolved' });
    expect(lost).toMatchObject({ status: 'rejected', code: 'conflict', conflict: { field: 'status', current: 'pending', changedBy: null } });
  });

  it('changes without an expectation still apply last-writer-wins, as before', async () => {
    const id = await newConversation();
    expect(await mutate(alexClient, { type: 'conversation.setStatus', conversationId: id, status: 'resolved' })).toMatchObject({ status: 'applied' });
    expect(await mutate(boClient, { type: 'conversation.setStatus', conversationId: id, status: 'pending' })).toMatchObject({ status: 'applied' });
    expect(await mutate(boClient, { type: 'conversation.assign', conversationId: id, assigneeId: alex.id })).toMatchObject({ status: 'applied' });
    expect(await statusOf(id)).toEqual({ status: 'pending', assignee_id: alex.id });
  });

  it('a replay of a rejected mutation gets the same conflict answer', async () => {
    const id = await newConversation();
    await mutate(alexClient, { type: 'conversation.setStatus', conversationId: id, status: 'resolved' });
    const mutation = { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload: { type: 'conversation.setStatus', conversationId: id, status: 'pending', expectedStatus: 'open' } };
    const first = mutationAckSchema.parse(await boClient.request(SyncEvents.mutate, mutation, 15_000));
    const again = mutationAckSchema.parse(await boClient.request(SyncEvents.mutate, mutation, 15_000));
    expect(first).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect(again).toEqual(first);
  });
});
