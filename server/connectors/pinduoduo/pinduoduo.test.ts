import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IgnoredEvent, InboundEvent } from '../../../shared';
import type { Emulator } from '../../../emulator';
import { pddSignature } from '../../../emulator/pinduoduo/api';
import { pmcSignature } from '../../../emulator/pinduoduo/pmcServer';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { captureLog, until } from '../testSupport';
import { connectorFor } from '../index';
import type { ConnectorStore, MessageServiceSink, ReplyTarget } from '../types';
import { pmcAckFrame, pmcCommonFrameSchema } from './frames';
import { mapPmcMessage, pddOrderEvent } from './mapping';
import { pddApiSign, pmcSign } from './sign';

/**
 * Pinduoduo contract: the emulator plays PMC (signed connect, Common messages, acks,
 * redelivery) and the API gateway's pdd.order.information.get; the real server connects out
 * to it for the demo Pinduoduo store and stores into the real database.
 */
const STORE = DEMO_STORE_IDS.pinduoduoFruit;
const MALL = '918273';

describe('Pinduoduo signatures and frames', () => {
  it('signs the PMC connect as base64(md5 hex(client_id + timestamp + secret)), as the emulator checks it', () => {
    const hex = createHash('md5').update('cid1714536000000secret').digest('hex');
    expect(pmcSign('cid', '1714536000000', 'secret')).toBe(Buffer.from(hex).toString('base64'));
    expect(pmcSignature('cid', '1714536000000', 'secret')).toBe(pmcSign('cid', '1714536000000', 'secret'));
  });

  it('signs API calls as upper-case md5(secret + sorted name+value + secret)', () => {
    const params = { type: 'pdd.order.information.get', client_id: 'c', timestamp: '1714536000', order_sn: '240501-1', sign: 'IGNORED' };
    const expected = createHash('md5').update('sclient_idcorder_sn240501-1timestamp1714536000typepdd.order.information.gets').digest('hex').toUpperCase();
    expect(pddApiSign(params, 's')).toBe(expected);
    expect(pddSignature(params, 's')).toBe(expected);
  });

  it('acknowledges with the message’s id, sendTime, type and mall, ids beyond 2^53 exact', () => {
    const frame = pmcCommonFrameSchema.parse({ id: '8100000000000000123', commandType: 'Common', time: 1, sendTime: 2, message: { type: 'pdd_trade_TradeConfirmed', mallID: 918273, content: '{}' } });
    expect(pmcAckFrame(frame, new Date(5))).toBe('{"commandType":"Ack","time":5,"id":8100000000000000123,"sendTime":2,"type":"pdd_trade_TradeConfirmed","mallID":918273}');
  });
});

describe('PMC message mapping', () => {
  const frame = (type: string, content: string, mallID = MALL) =>
    pmcCommonFrameSchema.parse({ id: '8100000000000000001', commandType: 'Common', time: 1714536000000, sendTime: 1714536000000, message: { type, mallID, content } });

  it('asks for the order behind a trade message and maps its status', () => {
    const mapped = mapPmcMessage(frame('pdd_trade_TradeSellerShip', `{"mall_id":${MALL},"tid":"240501-123456789012345"}`), MALL);
    expect(mapped).toMatchObject({ kind: 'lookup', lookup: { orderSn: '240501-123456789012345', dedupeKey: 'pinduoduo:pmc:8100000000000000001', rule: { status: 'shipped' } } });
    if (mapped.kind !== 'lookup') return;
    const event = pddOrderEvent(mapped.lookup, { order_sn: '240501-123456789012345', pay_amount: 16.8, created_time: '2024-05-01 11:00:00', buyer_memo: '', item_list: [{ goods_name: '赣南脐橙 5斤', goods_count: 2, goods_price: 8.4 }] });
    expect(event).toMatchObject({
      type: 'order.upserted',
      customer: { platformUserId: 'pdd-order:240501-123456789012345' },
      order: { status: 'shipped', totalAmount: '16.80', createdAt: '2024-05-01T11:00:00+08:00', items: [{ quantity: 2, unitPrice: '8.40' }] },
    });
    const base = { order_sn: '240501-123456789012345', pay_amount: 16.8, created_time: '2024-05-01 11:00:00', buyer_memo: '', item_list: [] };
    const logistics = (extra: object) => {
      const e = pddOrderEvent(mapped.lookup, { ...base, ...extra });
      return e.type === 'order.upserted' ? e.order.logistics : undefined;
    };
    expect(logistics({ logistics_id: 85, tracking_number: 'YT1' })).toEqual({ company: 'YTO', trackingNumber: 'YT1' });
    // Before shipping Pinduoduo answers 0 and "": no logistics, and a later event keeps what is stored.
    expect(logistics({ logistics_id: 0, tracking_number: '' })).toBeNull();
    expect(logistics({ logistics_id: 85 })).toBeNull();
    expect(logistics({})).toBeNull();
  });

  it('ignores other malls and unknown types, and reports broken content clearly', () => {
    expect(mapPmcMessage(frame('pdd_trade_TradeConfirmed', '{"tid":"240501-1"}', '1'), MALL)).toMatchObject({ kind: 'ignored', ignored: { reason: 'message for mall 1' } });
    expect(mapPmcMessage(frame('pdd_goods_GoodsUpdate', '{}'), MALL)).toMatchObject({ kind: 'ignored', ignored: { platformType: 'pdd_goods_GoodsUpdate' } });
    expect(mapPmcMessage(frame('pdd_trade_TradeConfirmed', '{"tid":'), MALL)).toEqual({ kind: 'error', error: expect.stringContaining('malformed JSON') });
    expect(mapPmcMessage(frame('pdd_refund_RefundCreated', '{"tid":"240501-1"}'), MALL)).toEqual({ kind: 'error', error: expect.stringContaining('refund_id') });
  });
});

describe('Pinduoduo through PMC into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 37, tmcRedeliveryMs: 300 });
    ({ emulator, server } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const rowCounts = () => rowCountsOf(server.database, ['customers', 'conversations', 'messages', 'orders', 'changes', 'inbound_deliveries', 'ignored_events']);
  const orderRow = (orderSn: string | null) =>
    server.database.query<{ status: string; total_amount: string }>('select status, total_amount from orders where store_id = $1 and platform_order_id = $2', [STORE, orderSn]);
  const logisticsOf = async (orderSn: string | null) =>
    (await server.database.query<{ logistics: unknown }>('select logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderSn]))[0]?.logistics ?? null;
  const acked = async (ids: string[]) => {
    for (const id of ids) await emulator.pmc.waitForAck(id, 20_000);
  };
  const credentials = () => emulator.credentialsFor(STORE);

  it('stores a paid, shipped and refunded order, acknowledging each message only after storing it', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, quantity: 2 });
    expect(placed.pmcMessageIds).toEqual([]); // Pinduoduo says nothing until the order is paid
    const paid = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    await acked(paid.pmcMessageIds);
    expect(placed.orderId).toMatch(/^\d{6}-\d{15}$/);
    expect(await orderRow(placed.orderId)).toEqual([{ status: 'paid', total_amount: expect.stringMatching(/^\d+\.\d{2}$/) }]);

    const shipped = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'ship', carrier: 'SF' });
    await acked(shipped.pmcMessageIds);
    // logistics_id 44 is SF Express in Pinduoduo's carrier list.
    expect(await logisticsOf(placed.orderId)).toEqual({ company: 'SF', trackingNumber: expect.stringMatching(/^SF\d{12}$/) });
    const refund = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'refund' });
    await acked(refund.pmcMessageIds);
    expect((await orderRow(placed.orderId))[0]?.status).toBe('refund_requested');
    expect(await logisticsOf(placed.orderId)).toMatchObject({ company: 'SF' });
  });

  it('keeps a Pinduoduo carrier number the table does not know as the number', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    await acked((await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' })).pmcMessageIds);
    await acked((await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'ship', carrier: 'KUAYUE' })).pmcMessageIds);
    expect(await logisticsOf(placed.orderId)).toEqual({ company: '183', trackingNumber: expect.stringMatching(/^KY\d{12}$/) });
  });

  it('stores a redelivered message once', async () => {
    const before = await rowCounts();
    const id = emulator.replayPmcMessage({ storeId: STORE });
    await until(() => emulator.pmc.acknowledged().filter((a) => a.id === id).length === 2, 20_000, 'the replay acknowledged');
    expect(await rowCounts()).toEqual(before);
  });

  it('acknowledges malformed content without storing it, and records unknown types and other malls as ignored', async () => {
    const before = await rowCounts();
    const broken = emulator.pmc.publish(credentials().clientId ?? '', 'pdd_trade_TradeConfirmed', MALL, '{"tid": ');
    await emulator.pmc.waitForAck(broken, 20_000);
    expect(await rowCounts()).toEqual(before);

    const unknown = emulator.pmc.publish(credentials().clientId ?? '', 'pdd_goods_GoodsUpdate', MALL, '{"goods_id":1}');
    const otherMall = emulator.pmc.publish(credentials().clientId ?? '', 'pdd_trade_TradeConfirmed', '42', '{"tid":"240501-1"}');
    await acked([unknown, otherMall]);
    const ignored = await server.database.query<{ platform_type: string; reason: string }>('select platform_type, reason from ignored_events where store_id = $1 order by platform_type, reason', [STORE]);
    expect(ignored).toEqual(
      expect.arrayContaining([
        { platform_type: 'pdd_goods_GoodsUpdate', reason: 'message type not used by Huixin' },
        { platform_type: 'pdd_trade_TradeConfirmed', reason: 'message for mall 42' },
      ]),
    );
    const { ignored_events: _after, ...rest } = await rowCounts();
    const { ignored_events: _before, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('leaves a message unacknowledged while the order lookup is down, and stores it once when PMC pushes it again', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    emulator.setFault({ platform: 'pinduoduo', mode: 'unavailable', count: 1 });
    const paid = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    await acked(paid.pmcMessageIds);
    const ack = emulator.pmc.acknowledged().find((a) => a.id === paid.pmcMessageIds[0]);
    expect(ack?.deliveries).toBeGreaterThanOrEqual(2);
    expect(await orderRow(placed.orderId)).toEqual([{ status: 'paid', total_amount: expect.any(String) }]);
  });

  it('records a message whose order Pinduoduo refuses to show as ignored and acknowledges it', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    emulator.setFault({ platform: 'pinduoduo', mode: 'refuse', count: 1 });
    const paid = await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    await acked(paid.pmcMessageIds);
    expect(await orderRow(placed.orderId)).toEqual([]);
    const ignored = await server.database.query<{ reason: string }>("select reason from ignored_events where store_id = $1 and reason like 'order lookup refused%'", [STORE]);
    expect(ignored).toHaveLength(1);
  });

  it('is refused by PMC with a wrong secret, and stops cleanly on close()', async () => {
    const sink: MessageServiceSink = { deliver: async (_batch: { events: InboundEvent[]; ignored: IgnoredEvent[] }) => undefined, reject: () => undefined };
    const forged: ConnectorStore = { id: 'forged', platform: 'pinduoduo', name: 'x', currency: 'CNY', credentials: { ...credentials(), clientSecret: 'wrong' } };
    const subscription = connectorFor('pinduoduo')!.messageService!.subscribe(forged, sink, captureLog());
    try {
      await until(() => emulator.pmc.connectionAttempts().some((a) => !a.accepted && a.reason === 'invalid sign'), 20_000, 'a refused connect');
    } finally {
      await subscription.close();
    }
  });

  it('has no buyer chat: a reply is refused for good with the reason', async () => {
    const connector = connectorFor('pinduoduo')!;
    expect(connector.capabilities).toMatchObject({ chatIn: false, chatOut: false, orderEvents: true, refundEvents: true });
    const store: ConnectorStore = { id: STORE, platform: 'pinduoduo', name: '果园直发', currency: 'CNY', credentials: credentials() };
    const target: ReplyTarget = {
      messageId: 'pdd-1',
      body: '已发货',
      conversationKind: 'order',
      customerPlatformUserId: 'pdd-order:240501-1',
      customerNickname: '拼多多买家',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: '240501-1',
    };
    expect(await connector.sendReply(store, target, AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('no public API') });
  });
});
