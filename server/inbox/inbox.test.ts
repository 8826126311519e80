import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SyncEvents,
  mutationAckSchema,
  type Conversation,
  type InboundEvent,
  type MutationAck,
  type User,
} from '../../shared';
import { toConversation, type ConversationRow, type CustomerRow, type MessageRow } from '../storage/rows';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

let server: TestServer;
let store: Awaited<ReturnType<TestServer['addStore']>>;
let otherStore: Awaited<ReturnType<TestServer['addStore']>>;
let agent: User;
let agentClient: SyncClient;
let ownerClient: SyncClient;

beforeAll(async () => {
  server = await startTestServer({ snoozeCheckMs: 60_000 });
  store = await server.addStore('Inbox store');
  otherStore = await server.addStore('Other store');
  agent = await server.addUser('inbox-agent', 'agent');
  await server.addUser('inbox-owner', 'owner');
  await server.grant(store.id, agent.id);
  agentClient = await server.connect((await server.login('inbox-agent')).token);
  ownerClient = await server.connect((await server.login('inbox-owner')).token);
});
afterAll(() => server.stop());

const ingest = (storeId: string, ...events: InboundEvent[]) => server.ingest.ingestDelivery(storeId, { events, ignored: [] });

async function mutate(client: SyncClient, payload: unknown): Promise<MutationAck> {
  return mutationAckSchema.parse(
    await client.request(SyncEvents.mutate, { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload }),
  );
}

async function conversation(id: string): Promise<Conversation> {
  const [row] = await server.database.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
  if (!row) throw new Error(`no conversation ${id}`);
  return toConversation(row);
}

const buyer = (id = randomUUID()) => ({ platformUserId: `buyer-${id}`, nickname: `Buyer ${id.slice(0, 4)}`, locale: null, email: null });

async function newChat(storeId = store.id, customer = buyer()): Promise<string> {
  await ingest(storeId, chatEvent({ customer }));
  const [row] = await server.database.query<{ id: string }>(
    `SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id
      WHERE c.store_id = $1 AND u.platform_user_id = $2 AND c.kind = 'chat'`,
    [storeId, customer.platformUserId],
  );
  if (!row) throw new Error('no conversation');
  return row.id;
}

describe('snooze', () => {
  it('snoozes until a time, pushes the snapshot and wakes the thread as open when due', async () => {
    const id = await newChat();
    const until = new Date(Date.now() + 60 * 60_000).toISOString();
    expect(await mutate(agentClient, { type: 'conversation.snooze', conversationId: id, until })).toMatchObject({ status: 'applied' });
    const pushed = await agentClient.waitForChange(
      (c) => c.entity === 'conversation' && c.data.id === id && c.data.status === 'snoozed',
    );
    expect(pushed.entity === 'conversation' && pushed.data.snoozedUntil).toBe(until);

    expect(await server.snoozeWaker.wakeDue(new Date(Date.now() + 30 * 60_000))).toBe(0);
    expect((await conversation(id)).status).toBe('snoozed');
    expect(await server.snoozeWaker.wakeDue(new Date(Date.now() + 61 * 60_000))).toBeGreaterThanOrEqual(1);
    const woken = await conversation(id);
    expect(woken).toMatchObject({ status: 'open', snoozedUntil: null });
    await agentClient.waitForChange((c) => c.entity === 'conversation' && c.data.id === id && c.data.status === 'open');
  });

  it('wakes early when the buyer writes', async () => {
    const customer = buyer();
    const id = await newChat(store.id, customer);
    const until = new Date(Date.now() + 24 * 3600_000).toISOString();
    await mutate(agentClient, { type: 'conversation.snooze', conversationId: id, until });
    await ingest(store.id, chatEvent({ customer, body: 'Any news?' }));
    expect(await conversation(id)).toMatchObject({ status: 'open', snoozedUntil: null });
  });

  it('refuses a snooze in the past and setStatus snoozed (which has no wake-up time)', async () => {
    const id = await newChat();
    const past = await mutate(agentClient, { type: 'conversation.snooze', conversationId: id, until: new Date(Date.now() - 1000).toISOString() });
    expect(past).toMatchObject({ status: 'rejected', code: 'bad_request' });
    const viaStatus = await mutate(agentClient, { type: 'conversation.setStatus', conversationId: id, status: 'snoozed' });
    expect(viaStatus).toMatchObject({ status: 'rejected', code: 'bad_request' });
    expect((await conversation(id)).status).toBe('open');
  });
});

describe('tags, priority and notes', () => {
  it('adds and removes tags (normalised, no duplicates) and sets the priority', async () => {
    const id = await newChat();
    await mutate(agentClient, { type: 'conversation.tag', conversationId: id, add: [' VIP ', 'vip', 'size'] });
    expect((await conversation(id)).tags).toEqual(['vip', 'size']);
    await mutate(agentClient, { type: 'conversation.tag', conversationId: id, add: ['gift'], remove: ['size'] });
    expect((await conversation(id)).tags).toEqual(['vip', 'gift']);
    await mutate(agentClient, { type: 'conversation.setPriority', conversationId: id, priority: 'urgent' });
    expect((await conversation(id)).priority).toBe('urgent');
    const bad = await mutate(agentClient, { type: 'conversation.setPriority', conversationId: id, priority: 'extreme' });
    expect(bad).toMatchObject({ status: 'rejected', code: 'bad_request' });
  });

  it('stores an internal note as a note message with no outbound job', async () => {
    const id = await newChat();
    const messageId = randomUUID();
    expect(await mutate(agentClient, { type: 'note.add', conversationId: id, messageId, body: 'Called the courier' })).toMatchObject({
      status: 'applied',
    });
    const [note] = await server.database.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [messageId]);
    expect(note).toMatchObject({ direction: 'note', author_id: agent.id, body: 'Called the courier' });
    expect(await server.database.query('SELECT 1 FROM outbound_jobs WHERE message_id = $1', [messageId])).toHaveLength(0);
    await agentClient.waitForChange((c) => c.entity === 'message' && c.data.id === messageId && c.data.direction === 'note');
  });

  it('keeps agents out of stores they were not granted', async () => {
    const id = await newChat(otherStore.id);
    const ack = await mutate(agentClient, { type: 'conversation.tag', conversationId: id, add: ['x'] });
    expect(ack).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('stores an order card with its text form as the body', async () => {
    const id = await newChat();
    const messageId = randomUUID();
    const card = { type: 'order', platformOrderId: '9007199254740993', title: 'Silk scarf', status: 'paid', totalAmount: '59.00', currency: 'USD', itemCount: 1 };
    await mutate(agentClient, { type: 'message.send', conversationId: id, messageId, body: '📦 #9007199254740993', card });
    const [row] = await server.database.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [messageId]);
    expect(row?.card).toEqual(card);
    expect(row?.body).toBe('📦 #9007199254740993');
  });
});

describe('events that need action', () => {
  const order = (platformOrderId: string, status: 'paid' | 'refund_requested', updatedAt: string) => ({
    platformOrderId,
    status,
    currency: 'USD' as const,
    totalAmount: '20.00',
    items: [{ title: 'Mug', sku: null, quantity: 1, unitPrice: '20.00' }],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt,
  });

  it('a refund request reopens the resolved order thread, tags it and starts the wait', async () => {
    const customer = buyer();
    const orderId = `o-${randomUUID().slice(0, 8)}`;
    await ingest(store.id, {
      type: 'order.upserted', dedupeKey: `paid-${orderId}`, customer, order: order(orderId, 'paid', '2025-01-01T01:00:00.000Z'),
      note: 'paid', occurredAt: '2025-01-01T01:00:00.000Z',
    });
    const [row] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE platform_order_id = $1', [orderId]);
    const id = row?.id ?? '';
    await mutate(agentClient, { type: 'conversation.setStatus', conversationId: id, status: 'resolved' });
    expect((await conversation(id)).status).toBe('resolved');
    await ingest(store.id, {
      type: 'order.upserted', dedupeKey: `refund-${orderId}`, customer, order: order(orderId, 'refund_requested', '2025-01-02T00:00:00.000Z'),
      note: 'refund requested', occurredAt: '2025-01-02T00:00:00.000Z',
    });
    expect(await conversation(id)).toMatchObject({ status: 'open', tags: ['refund'], waitingSince: '2025-01-02T00:00:00.000Z' });
  });

  it.each([
    { rating: 1, body: 'ok', flagged: true },
    { rating: 5, body: '东西是假货，差评', flagged: true },
    { rating: 4, body: 'Arrived broken.', flagged: true },
    { rating: 5, body: '很好，物流快', flagged: false },
  ])('a review rated $rating saying "$body" flagged=$flagged', async ({ rating, body, flagged }) => {
    const reviewId = randomUUID();
    await ingest(store.id, {
      type: 'review.received', dedupeKey: `review-${reviewId}`, customer: buyer(), platformReviewId: reviewId, rating, body,
      productTitle: 'Teapot', platformOrderId: null, sentAt: new Date().toISOString(),
    });
    const [row] = await server.database.query<ConversationRow>('SELECT * FROM conversations WHERE platform_thread_id = $1', [reviewId]);
    expect(row?.priority).toBe(flagged ? 'high' : 'normal');
    expect(row?.tags).toEqual(flagged ? ['negative-review'] : []);
    expect(row?.status).toBe('open');
  });
});

describe('customer links', () => {
  it('owners link buyers across stores into one group and unlink them; agents may not', async () => {
    const a = await newChat(store.id);
    const b = await newChat(otherStore.id);
    const [ca, cb] = [(await conversation(a)).customerId, (await conversation(b)).customerId];
    const refused = await mutate(agentClient, { type: 'customer.link', customerId: ca, otherCustomerId: cb });
    expect(refused).toMatchObject({ status: 'rejected', code: 'forbidden' });

    expect(await mutate(ownerClient, { type: 'customer.link', customerId: ca, otherCustomerId: cb })).toMatchObject({ status: 'applied' });
    const linked = await server.database.query<CustomerRow>('SELECT * FROM customers WHERE id IN ($1, $2)', [ca, cb]);
    expect(new Set(linked.map((r) => r.link_id)).size).toBe(1);
    expect(linked[0]?.link_id).not.toBeNull();
    // The agent sees its store's customer change (it cannot read the other store).
    await agentClient.waitForChange((c) => c.entity === 'customer' && c.data.id === ca && c.data.linkId !== null);

    await mutate(ownerClient, { type: 'customer.unlink', customerId: ca });
    const after = await server.database.query<CustomerRow>('SELECT * FROM customers WHERE id IN ($1, $2)', [ca, cb]);
    expect(after.map((r) => r.link_id)).toEqual([null, null]); // a group of one dissolves
  });
});

describe('automatic assignment', () => {
  it('round-robins new chats among online agents granted the store, within the cap', async () => {
    const team = await Promise.all(['rr-a', 'rr-b', 'rr-offline', 'rr-ungranted'].map((name) => server.addUser(name, 'agent')));
    const [a, b, offline, ungranted] = team as [User, User, User, User];
    const rrStore = await server.addStore('Round robin store');
    for (const user of [a, b, offline]) await server.grant(rrStore.id, user.id);
    const clientA = await server.connect((await server.login('rr-a')).token);
    await server.connect((await server.login('rr-b')).token);
    await server.connect((await server.login('rr-ungranted')).token);
    // The first agent of the previous tests is online too but not granted this store.

    const put = await fetch(`${server.url}/api/team/assignment`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(await server.login('inbox-owner')).token}` },
      body: JSON.stringify({ mode: 'round_robin', cap: 2 }),
    });
    expect(put.status).toBe(200);

    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await newChat(rrStore.id));
    const assignees = await Promise.all(ids.map(async (id) => (await conversation(id)).assigneeId));
    expect(assignees.slice(0, 4).sort()).toEqual([a.id, a.id, b.id, b.id].sort());
    expect(assignees[0]).not.toBe(assignees[1]); // they take turns
    expect(assignees[4]).toBeNull(); // both at the cap of 2
    expect(assignees).not.toContain(offline.id);
    expect(assignees).not.toContain(ungranted.id);

    // Resolving one frees a slot; a reopened unassigned thread takes it.
    const aThread = ids[assignees.indexOf(a.id)] ?? '';
    await mutate(clientA, { type: 'conversation.setStatus', conversationId: aThread, status: 'resolved' });
    const fifth = ids[4] ?? '';
    await mutate(ownerClient, { type: 'conversation.setStatus', conversationId: fifth, status: 'resolved' });
    await mutate(ownerClient, { type: 'conversation.setStatus', conversationId: fifth, status: 'open' });
    expect((await conversation(fifth)).assigneeId).toBe(a.id);

    // An agent who disconnects is skipped from then on, even with room under the cap.
    await mutate(clientA, { type: 'conversation.setStatus', conversationId: fifth, status: 'resolved' });
    clientA.socket.disconnect();
    await waitUntil(() => !server.presence.isOnline(a.id));
    expect((await conversation(await newChat(rrStore.id))).assigneeId).toBeNull(); // b is at the cap, a is offline
  });

  it('load-balanced picks the online agent with the fewest open conversations', async () => {
    const [x, y] = await Promise.all(['lb-x', 'lb-y'].map((name) => server.addUser(name, 'agent'))) as [User, User];
    const lbStore = await server.addStore('Load balanced store');
    await server.grant(lbStore.id, x.id);
    await server.grant(lbStore.id, y.id);
    await server.connect((await server.login('lb-x')).token);
    await server.connect((await server.login('lb-y')).token);
    await fetch(`${server.url}/api/team/assignment`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(await server.login('inbox-owner')).token}` },
      body: JSON.stringify({ mode: 'load_balanced', cap: 10 }),
    });
    // x already carries two open threads in the store, assigned by hand.
    for (let i = 0; i < 2; i++) {
      const id = await newChat(lbStore.id);
      await mutate(ownerClient, { type: 'conversation.assign', conversationId: id, assigneeId: x.id });
    }
    const [openX] = await server.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND status = 'open'", [x.id]);
    const [openY] = await server.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND status = 'open'", [y.id]);
    const next = await newChat(lbStore.id);
    const expected = Number(openY?.n ?? 0) < Number(openX?.n ?? 0) ? y.id : x.id;
    expect((await conversation(next)).assigneeId).toBe(expected);
    expect(expected).toBe(y.id);
  });

  it('only leads and owners change the setting, and bad settings are refused', async () => {
    const agentToken = (await server.login('inbox-agent')).token;
    const asAgent = await fetch(`${server.url}/api/team/assignment`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` },
      body: JSON.stringify({ mode: 'off', cap: 5 }),
    });
    expect(asAgent.status).toBe(403);
    const ownerToken = (await server.login('inbox-owner')).token;
    const bad = await fetch(`${server.url}/api/team/assignment`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ mode: 'sometimes', cap: 0 }),
    });
    expect(bad.status).toBe(400);
    const off = await fetch(`${server.url}/api/team/assignment`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ mode: 'off', cap: 5 }),
    });
    expect(await off.json()).toEqual({ mode: 'off', cap: 5 });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

