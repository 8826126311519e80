import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, mutationAckSchema, type Message } from '../../shared';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';
import { backoffDelay } from './outbound-dispatcher';

let server: TestServer;
let client: SyncClient;
let storeId: string;

beforeAll(async () => {
  server = await startTestServer({ outbound: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 3, sendTimeoutMs: 300, pollIntervalMs: 500 } });
  storeId = (await server.addStore('Outbound store')).id;
  const agent = await server.addUser('sender', 'agent');
  await server.grant(storeId, agent.id);
  client = await server.connect((await server.login('sender')).token);
});
afterAll(() => server.stop());

/** Sends a reply through the socket, like the app does, and returns its message id. */
async function reply(body: string, customerEmail = 'buyer@example.com'): Promise<string> {
  const platformUserId = `buyer-${randomUUID()}`;
  await server.ingest.ingestDelivery(storeId, {
    events: [chatEvent({ customer: { platformUserId, nickname: 'Buyer', locale: 'en', email: customerEmail }, platformThreadId: 'thread-9' })],
    ignored: [],
  });
  const [conversation] = await server.database.query<{ id: string }>(
    'SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.platform_user_id = $1',
    [platformUserId],
  );
  const messageId = randomUUID();
  const ack = mutationAckSchema.parse(
    await client.request(SyncEvents.mutate, {
      mutationId: randomUUID(),
      createdAt: new Date().toISOString(),
      payload: { type: 'message.send', conversationId: conversation?.id, messageId, body },
    }),
  );
  expect(ack.status).toBe('applied');
  return messageId;
}

async function finalState(messageId: string): Promise<Message> {
  const change = await client.waitForChange(
    (c) => c.entity === 'message' && c.data.id === messageId && c.data.delivery !== 'pending',
  );
  if (change.entity !== 'message') throw new Error('not a message');
  return change.data;
}

describe('outbound dispatcher', () => {
  it('sends a pending reply through the connector and marks it sent with the platform id', async () => {
    const messageId = await reply('Your parcel left today.');
    const message = await finalState(messageId);
    expect(message).toMatchObject({ delivery: 'sent', platformMessageId: `pm-${messageId}`, failureReason: null });
    const call = server.connector.sent.find((s) => s.target.messageId === messageId);
    expect(call?.target).toMatchObject({
      body: 'Your parcel left today.',
      conversationKind: 'chat',
      customerEmail: 'buyer@example.com',
      customerNickname: 'Buyer',
      platformThreadId: 'thread-9',
      platformOrderId: null,
    });
    expect(await server.database.query('SELECT 1 FROM outbound_jobs WHERE message_id = $1', [messageId])).toHaveLength(0);
  });

  it('retries transient failures (error result, exception, timeout) and then sends once', async () => {
    server.connector.script.push({ ok: false, permanent: false, reason: '503 from platform' }, 'throw');
    const messageId = await reply('Retry me');
    const message = await finalState(messageId);
    expect(message.delivery).toBe('sent');
    expect(server.connector.sent.filter((s) => s.target.messageId === messageId)).toHaveLength(3);
  });

  it('marks a permanent refusal failed with the reason, without retrying', async () => {
    server.connector.script.push({ ok: false, permanent: true, reason: 'buyer blocked the shop' });
    const messageId = await reply('Refused');
    const message = await finalState(messageId);
    expect(message).toMatchObject({ delivery: 'failed', failureReason: 'buyer blocked the shop' });
    expect(server.connector.sent.filter((s) => s.target.messageId === messageId)).toHaveLength(1);
  });

  it('gives up after the last attempt (a hanging send is aborted by the timeout)', async () => {
    server.connector.script.push('hang', { ok: false, permanent: false, reason: 'again' }, { ok: false, permanent: false, reason: 'still down' });
    const messageId = await reply('Never gets through');
    const message = await finalState(messageId);
    expect(message.delivery).toBe('failed');
    expect(message.failureReason).toBe('Gave up after 3 attempts: still down');
    expect(server.connector.sent.filter((s) => s.target.messageId === messageId)).toHaveLength(3);
  });

  it('names the review when answering a review thread', async () => {
    await server.ingest.ingestDelivery(storeId, {
      events: [{
        type: 'review.received',
        dedupeKey: 'rv-42',
        customer: { platformUserId: 'reviewer', nickname: 'R', locale: null, email: null },
        platformReviewId: 'rv-42',
        rating: 1,
        body: 'Broken on arrival',
        productTitle: 'Mug',
        platformOrderId: '1001',
        sentAt: new Date().toISOString(),
      }],
      ignored: [],
    });
    const [conversation] = await server.database.query<{ id: string }>("SELECT id FROM conversations WHERE kind = 'review'");
    const messageId = randomUUID();
    await client.request(SyncEvents.mutate, {
      mutationId: randomUUID(),
      createdAt: new Date().toISOString(),
      payload: { type: 'message.send', conversationId: conversation?.id, messageId, body: 'Sorry! A replacement is on its way.' },
    });
    expect((await finalState(messageId)).delivery).toBe('sent');
    const call = server.connector.sent.find((s) => s.target.messageId === messageId);
    expect(call?.target).toMatchObject({ conversationKind: 'review', platformReviewId: 'rv-42', platformOrderId: '1001' });
  });

  it('resumes pending messages after a restart', async () => {
    // A message left pending by a previous run (no job row): start() re-queues it.
    const messageId = randomUUID();
    const [conversation] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE store_id = $1 LIMIT 1', [storeId]);
    await server.database.query(
      `INSERT INTO messages (id, conversation_id, store_id, direction, body, sent_at, delivery)
       VALUES ($1, $2, $3, 'out', 'left over', now(), 'pending')`,
      [messageId, conversation?.id, storeId],
    );
    await server.outbound.start();
    expect((await finalState(messageId)).delivery).toBe('sent');
  });

  it('backs off exponentially up to the cap', () => {
    const options = { baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
