import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';

/**
 * WooCommerce contract: the emulator sends WooCommerce's own deliveries (signed, with the
 * X-WC-Webhook-* headers, the unsigned ping) into the real endpoint and database.
 */
const STORE = DEMO_STORE_IDS.woocommerceCeramics;

describe('WooCommerce webhooks into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 7, shopifyDeliveryAttempts: 1 });
    ({ emulator, server } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const rowCounts = () => rowCountsOf(server.database);

  const order = async (id: string) =>
    server.database.query<{ status: string; total_amount: string; items: Array<{ title: string; quantity: number; unitPrice: string }> }>(
      'select status, total_amount, items from orders where store_id = $1 and platform_order_id = $2',
      [STORE, id],
    );

  it('answers the unsigned ping of a new webhook with 200 and stores nothing', async () => {
    const before = await rowCounts();
    const ping = await emulator.sendHandshake({ storeId: STORE });
    expect(ping.status).toBe(200);
    expect(await rowCounts()).toEqual(before);
  });

  it('stores a signed order.created with its items and the buyer’s checkout note', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, note: 'Please pack the mugs well', quantity: 2 });
    expect(placed.webhookDeliveries.map((d) => [d.label, d.status])).toEqual([['order.created', 200]]);
    const rows = await order(placed.orderId ?? '');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('created');
    expect(rows[0]?.items[0]?.quantity).toBe(2);
    const notes = await server.database.query<{ kind: string }>(
      "select c.kind from messages m join conversations c on c.id = m.conversation_id where m.body = $1 and m.direction = 'in'",
      ['Please pack the mugs well'],
    );
    expect(notes).toEqual([{ kind: 'order' }]);
  });

  it('follows the order through payment and refund (order.updated)', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, note: null });
    const id = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'pay' });
    expect((await order(id))[0]?.status).toBe('paid');
    const refunded = await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'refund' });
    expect(refunded.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect((await order(id))[0]?.status).toBe('refunded');
  });

  const logisticsOf = async (orderId: string | null) =>
    (await server.database.query<{ logistics: unknown }>('select logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]))[0]?.logistics ?? null;

  it('reads the Shipment Tracking extension’s order meta: provider slug or custom provider, and keeps it on refund', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, note: null });
    const id = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'pay' });
    expect(await logisticsOf(id)).toBeNull();
    const shipped = await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'ship', carrier: 'SF' });
    expect(shipped.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect(await logisticsOf(id)).toEqual({ company: 'SF', trackingNumber: expect.stringMatching(/^SF\d{12}$/) });
    await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'refund' });
    expect(await logisticsOf(id)).toMatchObject({ company: 'SF' });

    const other = await emulator.placeOrder({ storeId: STORE, note: null });
    await emulator.advanceOrder({ storeId: STORE, orderId: other.orderId ?? '', step: 'pay' });
    await emulator.advanceOrder({ storeId: STORE, orderId: other.orderId ?? '', step: 'ship', carrier: 'KUAYUE' });
    expect(await logisticsOf(other.orderId)).toMatchObject({ company: 'Kuayue Express' });
  });

  it('answers a forged signature with 401 and stores nothing', async () => {
    const before = await rowCounts();
    expect((await emulator.sendForgedWebhook({ storeId: STORE })).status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers a signed but malformed or wrongly shaped body with 400 and stores nothing', async () => {
    const before = await rowCounts();
    const broken = await emulator.sendNativeWebhook({ storeId: STORE, label: 'order.created', body: '{"id": 1, "line_items": [' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.responseBody)).toEqual({ error: expect.stringMatching(/json/i) });
    const shapeless = await emulator.sendNativeWebhook({ storeId: STORE, label: 'order.updated', body: '{"id": 1, "status": "processing"}' });
    expect(shapeless.status).toBe(400);
    expect(JSON.parse(shapeless.responseBody)).toEqual({ error: expect.stringContaining('order.updated payload') });
    expect(await rowCounts()).toEqual(before);
  });

  it('stores a redelivered order once', async () => {
    await emulator.placeOrder({ storeId: STORE });
    const before = await rowCounts();
    const replay = await emulator.replayWebhook({ storeId: STORE });
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.responseBody)).toMatchObject({ ok: true, stored: 0 });
    expect(await rowCounts()).toEqual(before);
  });

  it('records an unknown topic as ignored without touching the inbox', async () => {
    const inbox = async () => {
      const { inbound_deliveries: _d, changes: _c, ...rest } = await rowCounts();
      return rest;
    };
    const before = await inbox();
    const coupon = await emulator.sendNativeWebhook({ storeId: STORE, label: 'coupon.updated', body: '{"id": 93, "code": "SPRING"}' });
    expect(coupon.status).toBe(200);
    expect(await inbox()).toEqual(before);
    const ignored = await server.database.query<{ n: number }>("select count(*)::int as n from ignored_events where platform_type = 'coupon.updated'");
    expect(ignored[0]?.n).toBe(1);
  });

  describe('replies by e-mail through the mail relay', () => {
    const store = (): ConnectorStore => ({ id: STORE, platform: 'woocommerce', name: 'Kiln & Clay Ceramics', currency: 'USD', credentials: emulator.credentialsFor(STORE) });
    const target = (overrides: Partial<ReplyTarget> = {}): ReplyTarget => ({
      messageId: 'woo-msg-1',
      body: 'Your mugs ship tomorrow.',
      conversationKind: 'order',
      customerPlatformUserId: '1042',
      customerNickname: 'Maya Chen',
      customerEmail: 'maya.chen@example.com',
      platformThreadId: '5123',
      platformOrderId: '5123',
      ...overrides,
    });
    const connector = () => connectorFor('woocommerce')!;

    it('delivers once per message id, in the relay’s format', async () => {
      expect(await connector().sendReply(store(), target(), AbortSignal.timeout(5000))).toEqual({ ok: true, platformMessageId: 'mail-woo-msg-1' });
      await connector().sendReply(store(), target(), AbortSignal.timeout(5000));
      const replies = emulator.replies('woocommerce');
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        attempts: 2,
        fields: { to: 'maya.chen@example.com', subject: 'Re: your Kiln & Clay Ceramics order 5123', text: 'Your mugs ship tomorrow.' },
      });
    });

    it('classifies a refusal as permanent with its reason, an outage and a timeout as transient', async () => {
      emulator.setFault({ platform: 'woocommerce', mode: 'refuse', count: 1 });
      expect(await connector().sendReply(store(), target({ messageId: 'w2' }), AbortSignal.timeout(5000))).toEqual({
        ok: false,
        permanent: true,
        reason: expect.stringContaining('mailbox unavailable'),
      });
      emulator.setFault({ platform: 'woocommerce', mode: 'unavailable', count: 1 });
      expect(await connector().sendReply(store(), target({ messageId: 'w3' }), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: false });
      emulator.setFault({ platform: 'woocommerce', mode: 'timeout', count: 1 });
      expect(await connector().sendReply(store(), target({ messageId: 'w4' }), AbortSignal.timeout(300))).toEqual({
        ok: false,
        permanent: false,
        reason: expect.stringContaining('did not answer in time'),
      });
      expect(await connector().sendReply(store(), target({ customerEmail: null }), AbortSignal.timeout(5000))).toEqual({
        ok: false,
        permanent: true,
        reason: expect.stringContaining('WooCommerce buyer left no e-mail'),
      });
      expect(emulator.replies('woocommerce').map((r) => r.idempotencyKey)).toEqual(['woo-msg-1']);
    });
  });
});
