import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { xiaohongshuApiSignature } from '../../../emulator/xiaohongshu/api';
import { xiaohongshuPushSignature } from '../../../emulator/xiaohongshu/pushes';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';
import { mapXiaohongshuMessage } from './mapping';
import { isValidXiaohongshuPush, xiaohongshuApiSign, xiaohongshuPushSign } from './signature';

/**
 * Xiaohongshu contract: the emulator plays the open platform (pushes signed with
 * app-key/timestamp/sign, the API's order.getOrderDetail) against the real endpoint and database.
 */
const STORE = DEMO_STORE_IDS.xiaohongshuBeauty;
const SUCCESS = '{"success":true,"error_code":0,"error_msg":""}';
const SELLER = '5f1e2d3c4b5a69788796a5b4';

describe('Xiaohongshu signatures', () => {
  it('push sign is md5 of path?sorted(query + app-key + timestamp) + secret, checked constant-time', () => {
    const path = '/webhooks/xiaohongshu/s1';
    const expected = createHash('md5').update(`${path}?app-key=k&timestamp=1700000000secret`).digest('hex');
    expect(xiaohongshuPushSign(path, { timestamp: '1700000000', 'app-key': 'k' }, 'secret')).toBe(expected);
    // The emulator's own implementation agrees, so both ends check the same thing.
    expect(xiaohongshuPushSignature(path, { 'app-key': 'k', timestamp: '1700000000' }, 'secret')).toBe(expected);
    const headers = { 'app-key': 'k', timestamp: '1700000000', sign: expected };
    expect(isValidXiaohongshuPush('k', 'secret', path, headers, {})).toBe(true);
    expect(isValidXiaohongshuPush('k', 'secret', path, { ...headers, sign: expected.toUpperCase() }, {})).toBe(true);
    expect(isValidXiaohongshuPush('k', 'other', path, headers, {})).toBe(false);
    expect(isValidXiaohongshuPush('k2', 'secret', path, headers, {})).toBe(false);
    expect(isValidXiaohongshuPush('k', 'secret', '/webhooks/xiaohongshu/s2', headers, {})).toBe(false);
    expect(isValidXiaohongshuPush('k', 'secret', path, { ...headers, timestamp: '1700000001' }, {})).toBe(false);
    // Query parameters on the push URL are part of what is signed.
    expect(isValidXiaohongshuPush('k', 'secret', path, headers, { extra: '1' })).toBe(false);
    expect(isValidXiaohongshuPush('k', 'secret', path, { 'app-key': 'k', timestamp: '1700000000' }, {})).toBe(false);
  });

  it('API sign is md5 of method?appId&timestamp&version + secret (the documented example shape)', () => {
    const expected = createHash('md5').update('order.getOrderDetail?appId=a&timestamp=1612518379&version=2.0s').digest('hex');
    expect(xiaohongshuApiSign('order.getOrderDetail', 'a', '1612518379', '2.0', 's')).toBe(expected);
    expect(xiaohongshuApiSignature('order.getOrderDetail', 'a', '1612518379', '2.0', 's')).toBe(expected);
  });
});

describe('Xiaohongshu message mapping', () => {
  const message = (msgTag: string, data: unknown, sellerId = SELLER) => ({ msgTag, sellerId, data: JSON.stringify(data) });
  it('keys order messages by order and status, so the documented duplicate status 4 is stored once', () => {
    const first = mapXiaohongshuMessage(message('msg_fulfillment_status_change', { orderId: 'P768291112062421411', orderStatus: 4, updateTime: 1752812659421 }), SELLER);
    const second = mapXiaohongshuMessage(message('msg_fulfillment_status_change', { orderId: 'P768291112062421411', orderStatus: 4, updateTime: 1752812699999 }), SELLER);
    expect(first).toMatchObject({ kind: 'lookup', lookup: { dedupeKey: 'xiaohongshu:order:P768291112062421411:4', status: 'paid', occurredAt: '2025-07-18T04:24:19.421Z' } });
    expect(second.kind === 'lookup' && second.lookup.dedupeKey).toBe('xiaohongshu:order:P768291112062421411:4');
  });
  it('maps after-sales, ignores other sellers, unknown statuses and tags; refuses broken data', () => {
    expect(mapXiaohongshuMessage(message('msg_after_sale_create', { returnsId: 'R1', orderId: 'P1', returnType: 3, refundFee: 59.9, updateTime: 1752812659421 }), SELLER)).toMatchObject({
      kind: 'lookup',
      lookup: { dedupeKey: 'xiaohongshu:aftersale:R1', status: 'refund_requested', refundFee: '59.90' },
    });
    expect(mapXiaohongshuMessage(message('msg_fulfillment_status_change', { orderId: 'P1', orderStatus: 4, updateTime: 1 }, 'other'), SELLER)).toMatchObject({ kind: 'ignored' });
    expect(mapXiaohongshuMessage(message('msg_fulfillment_status_change', { orderId: 'P1', orderStatus: 42, updateTime: 1 }), SELLER)).toMatchObject({ kind: 'ignored' });
    expect(mapXiaohongshuMessage(message('msg_item_create', { itemId: 'x' }), SELLER)).toMatchObject({ kind: 'ignored', ignored: { platformType: 'msg_item_create' } });
    expect(mapXiaohongshuMessage({ msgTag: 'msg_fulfillment_status_change', sellerId: SELLER, data: '{"orderId":' }, SELLER)).toMatchObject({ kind: 'error' });
    expect(mapXiaohongshuMessage(message('msg_fulfillment_status_change', { orderId: 'P1' }), SELLER)).toMatchObject({ kind: 'error' });
  });
});

describe('Xiaohongshu pushes into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    // Two attempts per push, quickly: a 503 is followed by the platform's redelivery.
    stack = await startPlatformStack({ seed: 37, shopifyDeliveryAttempts: 2, shopifyRetryBaseMs: 20 });
    ({ emulator, server } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const rowCounts = () => rowCountsOf(server.database, ['customers', 'conversations', 'messages', 'orders', 'changes', 'inbound_deliveries', 'ignored_events']);

  const orderRow = async (orderId: string | null) =>
    server.database.query<{ status: string; total_amount: string; items: unknown; nickname: string }>(
      'select o.status, o.total_amount, o.items, c.nickname from orders o join customers c on c.id = o.customer_id where o.store_id = $1 and o.platform_order_id = $2',
      [STORE, orderId],
    );

  it('stores a new order completed through order.getOrderDetail, then paid and an after-sale; answers success', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, quantity: 2 });
    expect(placed.webhookDeliveries.map((d) => [d.status, d.responseBody])).toEqual([[200, SUCCESS]]);
    expect(placed.orderId).toMatch(/^P\d{18}$/);
    const rows = await orderRow(placed.orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'created', nickname: expect.stringMatching(/^小红书买家 /) });
    expect(JSON.stringify(rows[0]?.items)).toContain('"quantity":2');

    expect((await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' })).webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect((await orderRow(placed.orderId))[0]?.status).toBe('paid');
    expect((await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'refund' })).webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect((await orderRow(placed.orderId))[0]?.status).toBe('refund_requested');
  });

  const logisticsOf = async (orderId: string | null) =>
    (await server.database.query<{ logistics: unknown }>('select logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]))[0]?.logistics ?? null;

  it('stores the carrier and tracking number of a shipped order from order.getOrderDetail; unknown codes kept', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    const orderId = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'pay' });
    expect(await logisticsOf(orderId)).toBeNull();
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'ship', carrier: 'ZTO' });
    expect(await logisticsOf(orderId)).toEqual({ company: 'ZTO', trackingNumber: expect.stringMatching(/^7\d{12}$/) });
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'complete' });
    expect(await logisticsOf(orderId)).toMatchObject({ company: 'ZTO' });

    const other = await emulator.placeOrder({ storeId: STORE });
    await emulator.advanceOrder({ storeId: STORE, orderId: other.orderId ?? '', step: 'pay' });
    await emulator.advanceOrder({ storeId: STORE, orderId: other.orderId ?? '', step: 'ship', carrier: 'KUAYUE' });
    expect(await logisticsOf(other.orderId)).toMatchObject({ company: 'kuayue' });
  });

  it('answers a forged sign with 401 and stores nothing', async () => {
    const before = await rowCounts();
    const forged = await emulator.sendForgedWebhook({ storeId: STORE });
    expect(forged.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers malformed and wrongly shaped pushes with 400 and stores nothing', async () => {
    const before = await rowCounts();
    const broken = [
      '[{"msgTag":"msg_fulfillment_status_change",',
      '{"msgTag":"msg_fulfillment_status_change"}',
      '[]',
      `[{"msgTag":"msg_fulfillment_status_change","sellerId":"${SELLER}","data":"{\\"orderId\\":"}]`,
    ];
    for (const body of broken) {
      const answer = await emulator.sendNativeWebhook({ storeId: STORE, label: 'broken', body });
      expect([answer.status, body]).toEqual([400, body]);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('stores a redelivered push once', async () => {
    await emulator.placeOrder({ storeId: STORE });
    const before = await rowCounts();
    const again = await emulator.replayWebhook({ storeId: STORE });
    expect([again.status, again.responseBody]).toEqual([200, SUCCESS]);
    expect(await rowCounts()).toEqual(before);
  });

  it('records unknown tags as ignored and still answers success', async () => {
    const before = await rowCounts();
    const body = JSON.stringify([{ msgTag: 'msg_item_buyable', sellerId: SELLER, data: '{"itemId":"abc","buyable":true}' }]);
    const answer = await emulator.sendNativeWebhook({ storeId: STORE, label: 'msg_item_buyable', body });
    expect([answer.status, answer.responseBody]).toEqual([200, SUCCESS]);
    const ignored = await server.database.query<{ store_id: string }>("select store_id from ignored_events where platform_type = 'msg_item_buyable'");
    expect(ignored).toEqual([{ store_id: STORE }]);
    const { ignored_events: _after, ...rest } = await rowCounts();
    const { ignored_events: _before, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('answers 503 when the order lookup is unavailable or too slow, and stores the redelivery once', async () => {
    emulator.setFault({ platform: 'xiaohongshu', mode: 'unavailable', count: 1 });
    const first = await emulator.placeOrder({ storeId: STORE });
    expect(first.webhookDeliveries.map((d) => [d.status, d.attempts])).toEqual([[200, 2]]);
    expect(await orderRow(first.orderId)).toHaveLength(1);

    emulator.setFault({ platform: 'xiaohongshu', mode: 'timeout', count: 1 });
    const slow = await emulator.placeOrder({ storeId: STORE });
    expect(slow.webhookDeliveries.map((d) => [d.status, d.attempts])).toEqual([[200, 2]]);
    expect(await orderRow(slow.orderId)).toHaveLength(1);
  }, 30_000);

  it('records a push whose order the platform refuses to show as ignored, so it is not pushed forever', async () => {
    emulator.setFault({ platform: 'xiaohongshu', mode: 'refuse', count: 1 });
    const refused = await emulator.placeOrder({ storeId: STORE });
    expect(refused.webhookDeliveries.map((d) => [d.status, d.attempts])).toEqual([[200, 1]]);
    expect(await orderRow(refused.orderId)).toHaveLength(0);
    const ignored = await server.database.query<{ reason: string }>("select reason from ignored_events where store_id = $1 and platform_type = 'msg_fulfillment_status_change'", [STORE]);
    expect(ignored.map((row) => row.reason)).toEqual([expect.stringContaining('-1001')]);
  });

  it('has no buyer chat: a reply is refused for good with the reason, and the capabilities say so', async () => {
    const connector = connectorFor('xiaohongshu')!;
    expect(connector.capabilities).toMatchObject({ chatIn: false, chatOut: false, orderEvents: true, refundEvents: true, commentThreads: false });
    const store: ConnectorStore = { id: STORE, platform: 'xiaohongshu', name: '花漾美妆', currency: 'CNY', credentials: emulator.credentialsFor(STORE) };
    const target: ReplyTarget = {
      messageId: 'xhs-1',
      body: '亲，已经安排发货了',
      conversationKind: 'order',
      customerPlatformUserId: 'xhs-order:P1',
      customerNickname: '小红书买家 0001',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: 'P768291112062421411',
    };
    expect(await connector.sendReply(store, target, AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('no public API') });
  });
});
