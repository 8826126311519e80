import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationSchema, customerSchema, messageSchema, orderSchema, type InboundEvent } from '../../shared';
import { chatEvent, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let storeId: string;

beforeAll(async () => {
  server = await startTestServer();
  storeId = (await server.addStore('Ingest store')).id;
});
afterAll(() => server.stop());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString();
const ingest = (...events: InboundEvent[]) => server.ingest.ingestDelivery(storeId, { events, ignored: [] });

/** The latest synced snapshot of each entity, as a client would hold it. */
async function synced(entity: string) {
  const rows = await server.database.query<{ entity_id: string; data: unknown }>(
    `SELECT DISTINCT ON (entity_id) entity_id, data FROM changes WHERE stream = $1 AND entity = $2 ORDER BY entity_id, seq DESC`,
    [`store:${storeId}`, entity],
  );
  return rows.map((row) => row.data);
}

async function conversationOf(platformUserId: string, kind = 'chat') {
  const [row] = await server.database.query<{ id: string }>(
    `SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id
      WHERE c.store_id = $1 AND cu.platform_user_id = $2 AND c.kind = $3`,
    [storeId, platformUserId, kind],
  );
  const all = (await synced('conversation')).map((data) => conversationSchema.parse(data));
  return all.find((conversation) => conversation.id === row?.id);
}

describe('ingest service', () => {
  it('creates customer, conversation and message, and syncs them without private fields', async () => {
    const customer = { platformUserId: 'tb-小红', nickname: '小红', locale: 'zh-CN', email: 'xh@example.com' };
    const result = await ingest(chatEvent({ customer, body: '这个茶叶是今年的新茶吗？', sentAt: at(0) }));
    expect(result).toEqual({ stored: 1, duplicates: 0, ignored: 0 });

    const conversation = await conversationOf('tb-小红');
    expect(conversation).toMatchObject({
      kind: 'chat',
      status: 'open',
      lastMessageAt: at(0),
      lastMessagePreview: '这个茶叶是今年的新茶吗？',
      lastMessageDirection: 'in',
      waitingSince: at(0),
      lastInboundAt: at(0),
      assigneeId: null,
    });
    const customers = (await synced('customer')).map((data) => customerSchema.strict().parse(data));
    expect(customers.find((c) => c.platformUserId === 'tb-小红')).toMatchObject({ nickname: '小红', locale: 'zh-CN' });
    expect(JSON.stringify(await synced('customer'))).not.toContain('xh@example.com');
    const messages = (await synced('message')).map((data) => messageSchema.parse(data));
    expect(messages.find((m) => m.conversationId === conversation?.id)).toMatchObject({
      direction: 'in',
      delivery: 'received',
      authorId: null,
    });
  });

  it('keeps the oldest unanswered message as waitingSince and the newest as last message', async () => {
    const customer = { platformUserId: 'waiter', nickname: 'W', locale: null, email: null };
    await ingest(chatEvent({ customer, body: 'one', sentAt: at(1) }));
    await ingest(chatEvent({ customer, body: 'two', sentAt: at(3) }));
    // A message that arrives late (older than the latest) does not replace the preview.
    await ingest(chatEvent({ customer, body: 'late', sentAt: at(2) }));
    expect(await conversationOf('waiter')).toMatchObject({
      lastMessagePreview: 'two',
      lastMessageAt: at(3),
      waitingSince: at(1),
      lastInboundAt: at(3),
    });
  });

  it('reopens a resolved thread when the buyer writes again, and restarts the wait clock', async () => {
    const customer = { platformUserId: 'returning', nickname: 'R', locale: null, email: null };
    await ingest(chatEvent({ customer, body: 'hi', sentAt: at(4) }));
    await server.database.query(
      `UPDATE conversations SET status = 'resolved', waiting_since = NULL
        WHERE customer_id = (SELECT id FROM customers WHERE platform_user_id = 'returning')`,
    );
    await ingest(chatEvent({ customer, body: 'one more question', sentAt: at(6) }));
    expect(await conversationOf('returning')).toMatchObject({ status: 'open', waitingSince: at(6) });
  });

  it('keeps separate threads per platform thread id', async () => {
    const customer = { platformUserId: 'threads', nickname: 'T', locale: null, email: null };
    await ingest(chatEvent({ customer, platformThreadId: 'a' }), chatEvent({ customer, platformThreadId: 'b' }), chatEvent({ customer, platformThreadId: 'a' }));
    const [row] = await server.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM conversations WHERE customer_id = (SELECT id FROM customers WHERE platform_user_id = 'threads')`,
    );
    expect(row?.n).toBe(2);
  });

  it('turns an order event into an order, an order thread and a system message; a stale update does not roll it back', async () => {
    const customer = { platformUserId: 'orderer', nickname: 'O', locale: 'en', email: null };
    const order = (status: 'paid' | 'shipped', updatedMinute: number, dedupeKey: string): InboundEvent => ({
      type: 'order.upserted',
      dedupeKey,
      customer,
      order: {
        platformOrderId: '5798893120087342001', // larger than 2^53: must stay digit-exact
        status,
        currency: 'USD',
        totalAmount: '59.00',
        items: [{ title: 'Trail Mug', sku: 'MUG-1', quantity: 2, unitPrice: '29.50' }],
        createdAt: at(0),
        updatedAt: at(updatedMinute),
      },
      note: `Order ${status}`,
      occurredAt: at(updatedMinute),
    });
    await ingest(order('shipped', 20, 'order-shipped'));
    await ingest(order('paid', 10, 'order-paid')); // arrives late
    const orders = (await synced('order')).map((data) => orderSchema.parse(data));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ platformOrderId: '5798893120087342001', status: 'shipped', totalAmount: '59.00' });
    const thread = await conversationOf('orderer', 'order');
    expect(thread).toMatchObject({ subject: '#5798893120087342001 · Trail Mug', lastMessagePreview: 'Order shipped', waitingSince: null });
    const systemMessages = await server.database.query(
      "SELECT body FROM messages WHERE conversation_id = $1 AND direction = 'system' ORDER BY sent_at",
      [thread?.id],
    );
    expect(systemMessages).toEqual([{ body: 'Order paid' }, { body: 'Order shipped' }]);
  });

  it("puts a buyer's note on an order into that order's thread", async () => {
    const customer = { platformUserId: 'noter', nickname: 'N', locale: null, email: null };
    await ingest({
      type: 'order.upserted',
      dedupeKey: 'order-77-created',
      customer,
      order: { platformOrderId: '77', status: 'paid', currency: 'USD', totalAmount: '5.00', items: [], createdAt: at(40), updatedAt: at(40) },
      note: 'Order #77 paid',
      occurredAt: at(40),
    });
    await ingest(chatEvent({ customer, kind: 'order', platformThreadId: '77', subject: 'Order #77', body: 'Gift wrap please', sentAt: at(41) }));
    const threads = await server.database.query<{ kind: string; platform_order_id: string }>(
      `SELECT kind, platform_order_id FROM conversations WHERE customer_id = (SELECT id FROM customers WHERE platform_user_id = 'noter')`,
    );
    expect(threads).toEqual([{ kind: 'order', platform_order_id: '77' }]);
    expect(await conversationOf('noter', 'order')).toMatchObject({
      subject: '#77',
      lastMessagePreview: 'Gift wrap please',
      lastMessageDirection: 'in',
      waitingSince: at(41),
    });
  });

  it('turns a review into a review thread with stars in the subject', async () => {
    const customer = { platformUserId: 'critic', nickname: 'C', locale: null, email: null };
    await ingest({
      type: 'review.received',
      dedupeKey: 'review-1',
      customer,
      platformReviewId: 'rv-1',
      rating: 2,
      body: 'The lid leaks.',
      productTitle: 'Trail Mug',
      platformOrderId: null,
      sentAt: at(30),
    });
    expect(await conversationOf('critic', 'review')).toMatchObject({
      subject: '★★☆☆☆ Trail Mug',
      lastMessagePreview: 'The lid leaks.',
      lastMessageDirection: 'in',
      waitingSince: at(30),
    });
  });

  it('updates a customer whose nickname changed, and appends parents before children', async () => {
    const customer = { platformUserId: 'renamer', nickname: 'Old', locale: null, email: null };
    await ingest(chatEvent({ customer }));
    await ingest(chatEvent({ customer: { ...customer, nickname: 'New' } }));
    const customers = (await synced('customer')).map((data) => customerSchema.parse(data));
    expect(customers.find((c) => c.platformUserId === 'renamer')?.nickname).toBe('New');
    const entities = await server.database.query<{ entity: string }>(
      'SELECT entity FROM changes WHERE stream = $1 ORDER BY seq DESC LIMIT 3',
      [`store:${storeId}`],
    );
    expect(entities.map((row) => row.entity).reverse()).toEqual(['customer', 'conversation', 'message']);
  });

  it('rejects a whole batch with an invalid event and stores none of it', async () => {
    const before = await server.database.query('SELECT 1 FROM messages');
    await expect(
      server.ingest.ingestDelivery(storeId, { events: [chatEvent(), { ...chatEvent(), body: 42 } as unknown as InboundEvent], ignored: [] }),
    ).rejects.toThrow(/Invalid normalised events/);
    expect(await server.database.query('SELECT 1 FROM messages')).toHaveLength(before.length);
  });
});
