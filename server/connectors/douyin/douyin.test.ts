import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { douyinApiSignature } from '../../../emulator/douyin/api';
import { douyinEventSign as emulatorEventSign } from '../../../emulator/douyin/pushes';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';
import { DOUYIN_TAGS, douyinOrderEvent, mapDouyinMessage } from './mapping';
import { pushMessageSchema, shopOrderDetailSchema } from './payloads';
import { douyinApiSign, douyinEventSign, isValidDouyinPush, sortedParamJson } from './signature';

/**
 * Douyin Shop contract: the emulator plays Doudian (pushes signed with event-sign, the open
 * API's token.create and order.orderDetail) against the real endpoint and database.
 */
const STORE = DEMO_STORE_IDS.douyinSnacks;
const SUCCESS = '{"code":0,"msg":"success"}';

describe('Doudian signatures', () => {
  it('event-sign is lower-case hex MD5 of app_key + raw body + app_secret, checked with app-id', () => {
    const body = Buffer.from('[{"tag":"100","msg_id":"1","data":"{}"}]');
    const expected = createHash('md5').update(`7001${body.toString()}secret`).digest('hex');
    expect(douyinEventSign('7001', body, 'secret')).toBe(expected);
    // The emulator's own implementation agrees, so both ends check the same thing.
    expect(emulatorEventSign('7001', body.toString(), 'secret')).toBe(expected);
    expect(isValidDouyinPush('7001', 'secret', { 'app-id': '7001', 'event-sign': expected }, body)).toBe(true);
    expect(isValidDouyinPush('7001', 'secret', { 'app-id': '7001', 'event-sign': expected.toUpperCase() }, body)).toBe(true);
    expect(isValidDouyinPush('7001', 'secret', { 'app-id': '7002', 'event-sign': expected }, body)).toBe(false);
    expect(isValidDouyinPush('7001', 'other', { 'app-id': '7001', 'event-sign': expected }, body)).toBe(false);
    expect(isValidDouyinPush('7001', 'secret', { 'app-id': '7001', 'event-sign': expected }, Buffer.from(`${body.toString()} `))).toBe(false);
    expect(isValidDouyinPush('7001', 'secret', { 'app-id': '7001' }, body)).toBe(false);
  });

  it('the API sign is HMAC-SHA256 over secret-wrapped app_key/method/param_json/timestamp/v, param_json with sorted keys', () => {
    const paramJson = sortedParamJson({ shop_order_id: '1', a: { z: 1, b: 2 } });
    expect(paramJson).toBe('{"a":{"b":2,"z":1},"shop_order_id":"1"}');
    const pattern = `sapp_keykmethodorder.orderDetailparam_json${paramJson}timestamp2024-05-01 12:00:00v2s`;
    const expected = createHmac('sha256', 's').update(pattern).digest('hex');
    expect(douyinApiSign('k', 's', 'order.orderDetail', paramJson, '2024-05-01 12:00:00')).toBe(expected);
    expect(douyinApiSignature('k', 's', 'order.orderDetail', paramJson, '2024-05-01 12:00:00')).toBe(expected);
  });
});

describe('Doudian tag mapping', () => {
  const message = (tag: string, data: string) => pushMessageSchema.parse({ tag, msg_id: '7300000000000000001', data });
  it('asks for the order behind a trade message, 19-digit ids exact', () => {
    const mapped = mapDouyinMessage(message('101', '{"p_id":4987654321098765432,"shop_id":4463798,"pay_time":1714536000,"pay_amount":16800}'), '4463798');
    expect(mapped).toMatchObject({ kind: 'lookup', lookup: { orderId: '4987654321098765432', dedupeKey: 'douyin:msg:7300000000000000001', rule: { status: 'paid' }, occurredAt: '2024-05-01T04:00:00.000Z' } });
  });
  it('ignores unknown tags and other shops, and reports broken data clearly', () => {
    expect(mapDouyinMessage(message('105', '{}'), '4463798')).toMatchObject({ kind: 'ignored', ignored: { platformType: 'tag:105' } });
    expect(mapDouyinMessage(message('100', '{"p_id":1,"shop_id":99,"create_time":1714536000}'), '4463798')).toMatchObject({ kind: 'ignored', ignored: { reason: 'message for shop 99' } });
    expect(mapDouyinMessage(message('100', '{"p_id":'), '4463798')).toEqual({ kind: 'error', error: expect.stringContaining('malformed JSON') });
    expect(mapDouyinMessage(message('200', '{"p_id":1,"shop_id":4463798,"apply_time":1}'), '4463798')).toEqual({ kind: 'error', error: expect.stringContaining('aftersale_id') });
    expect(mapDouyinMessage(message('102', '{"p_id":1,"shop_id":4463798}'), '4463798')).toEqual({ kind: 'error', error: expect.stringContaining('update_time') });
  });
});

describe('Doudian logistics mapping', () => {
  const lookup = { orderId: '1', dedupeKey: 'douyin:msg:1', tag: '102', rule: DOUYIN_TAGS['102']!, occurredAt: '2024-05-01T04:00:00.000Z', refundAmountFen: null };
  const detail = (logistics_info: unknown) =>
    shopOrderDetailSchema.parse({ order_id: '1', shop_id: '2', order_status: 3, doudian_open_id: 'x', order_amount: 100, create_time: 1714536000, update_time: 1714536000, logistics_info });
  const logisticsOf = (info: unknown) => {
    const event = douyinOrderEvent(lookup, detail(info));
    return event.type === 'order.upserted' ? event.order.logistics : undefined;
  };
  it('reads the latest parcel; none when the code or number is missing', () => {
    expect(logisticsOf([{ tracking_no: 'SF1', company: 'shunfeng', ship_time: 1 }, { tracking_no: 'YT2', company: 'yuantong', ship_time: 2 }])).toEqual({ company: 'YTO', trackingNumber: 'YT2' });
    expect(logisticsOf([{ tracking_no: '', company: 'yuantong' }])).toBeNull();
    expect(logisticsOf([{ company: 'yuantong' }])).toBeNull();
    expect(logisticsOf(undefined)).toBeNull();
    // A blank code falls back to the carrier's name.
    expect(logisticsOf([{ tracking_no: 'Z1', company: '', company_name: '中通快递' }])).toEqual({ company: 'ZTO', trackingNumber: 'Z1' });
  });
});

describe('Douyin Shop pushes into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    // Two attempts per push, quickly: a 503 is followed by Doudian's redelivery.
    stack = await startPlatformStack({ seed: 31, shopifyDeliveryAttempts: 2, shopifyRetryBaseMs: 20 });
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

  it('stores a new order completed through order.orderDetail: 19-digit id exact, buyer, items; answers code 0', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, quantity: 2 });
    expect(placed.webhookDeliveries.map((d) => [d.status, d.responseBody])).toEqual([[200, SUCCESS]]);
    expect(BigInt(placed.orderId ?? '0')).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const rows = await orderRow(placed.orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'created', nickname: expect.stringMatching(/^抖音用户 /) });
    expect(JSON.stringify(rows[0]?.items)).toContain('"quantity":2');

    const paid = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    expect(paid.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    const refund = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'refund' });
    expect(refund.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect((await orderRow(placed.orderId))[0]?.status).toBe('refund_requested');
  });

  const logisticsOf = async (orderId: string | null) =>
    (await server.database.query<{ logistics: unknown }>('select logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]))[0]?.logistics ?? null;

  it('stores the carrier and tracking number of a shipped order from order.orderDetail logistics_info, and keeps them on a later refund', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    const orderId = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'pay' });
    expect(await logisticsOf(orderId)).toBeNull();
    const shipped = await emulator.advanceOrder({ storeId: STORE, orderId, step: 'ship', carrier: 'YTO' });
    expect(shipped.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect(await logisticsOf(orderId)).toEqual({ company: 'YTO', trackingNumber: expect.stringMatching(/^YT\d{12}$/) });
    const stored = await logisticsOf(orderId);
    // Doudian's after-sale answer still lists the parcel; a refund without it would keep it too.
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'refund' });
    expect(await logisticsOf(orderId)).toEqual(stored);
  });

  it('keeps a carrier code the table does not know as the code itself', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    const orderId = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'pay' });
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'ship', carrier: 'KUAYUE' });
    expect(await logisticsOf(orderId)).toEqual({ company: 'kuayue', trackingNumber: expect.stringMatching(/^KY\d{12}$/) });
  });

  it('answers a forged event-sign with 401 and stores nothing', async () => {
    const before = await rowCounts();
    const forged = await emulator.sendForgedWebhook({ storeId: STORE });
    expect(forged.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers malformed and wrongly shaped pushes with 400 and stores nothing', async () => {
    const before = await rowCounts();
    for (const body of ['[{"tag":"100",', '{"tag":"100"}', '[]', '[{"tag":"100","msg_id":"1","data":"{\\"p_id\\":"}]']) {
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

  it('records unknown tags as ignored and still answers code 0', async () => {
    const before = await rowCounts();
    const body = JSON.stringify([{ tag: '10001', msg_id: '7399999999999999999', data: '{"product_id":1}' }]);
    const answer = await emulator.sendNativeWebhook({ storeId: STORE, label: 'tag:10001', body });
    expect([answer.status, answer.responseBody]).toEqual([200, SUCCESS]);
    const ignored = await server.database.query<{ store_id: string }>("select store_id from ignored_events where platform_type = 'tag:10001'");
    expect(ignored).toEqual([{ store_id: STORE }]);
    const { ignored_events: _after, ...rest } = await rowCounts();
    const { ignored_events: _before, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('answers 503 when the order lookup is unavailable or too slow, and stores the redelivery once', async () => {
    emulator.setFault({ platform: 'douyin', mode: 'unavailable', count: 1 });
    const first = await emulator.placeOrder({ storeId: STORE });
    expect(first.webhookDeliveries.map((d) => [d.status, d.attempts])).toEqual([[200, 2]]);
    expect(await orderRow(first.orderId)).toHaveLength(1);

    emulator.setFault({ platform: 'douyin', mode: 'timeout', count: 1 });
    const slow = await emulator.placeOrder({ storeId: STORE });
    expect(slow.webhookDeliveries.map((d) => [d.status, d.attempts])).toEqual([[200, 2]]);
    expect(await orderRow(slow.orderId)).toHaveLength(1);
  }, 30_000);

  it('records a push whose order Doudian refuses to show as ignored, so it is not pushed forever', async () => {
    emulator.setFault({ platform: 'douyin', mode: 'refuse', count: 1 });
    const refused = await emulator.placeOrder({ storeId: STORE });
    expect(refused.webhookDeliveries.map((d) => [d.status, d.attempts])).toEqual([[200, 1]]);
    expect(await orderRow(refused.orderId)).toHaveLength(0);
    const ignored = await server.database.query<{ reason: string }>("select reason from ignored_events where store_id = $1 and platform_type = 'doudian_trade_TradeCreate'", [STORE]);
    expect(ignored.map((row) => row.reason)).toEqual([expect.stringContaining('50002')]);
  });

  it('has no buyer chat: a reply is refused for good with the reason, and the capabilities say so', async () => {
    const connector = connectorFor('douyin')!;
    expect(connector.capabilities).toMatchObject({ chatIn: false, chatOut: false, orderEvents: true, refundEvents: true });
    const store: ConnectorStore = { id: STORE, platform: 'douyin', name: '蜀香零食铺', currency: 'CNY', credentials: emulator.credentialsFor(STORE) };
    const target: ReplyTarget = {
      messageId: 'dy-1',
      body: '亲，已经安排发货了',
      conversationKind: 'order',
      customerPlatformUserId: '1@#abc',
      customerNickname: '抖音用户 abc=',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: '4987654321098765432',
    };
    expect(await connector.sendReply(store, target, AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('no public API') });
  });
});
