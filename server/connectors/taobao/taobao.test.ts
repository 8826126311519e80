import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboundEventSchema } from '../../../shared';
import type { IgnoredEvent, InboundEvent } from '../../../shared';
import { startEmulator } from '../../../emulator';
import type { Emulator } from '../../../emulator';
import { topSignature } from '../../../emulator/taobao/topSign';
import type { ConnectorStore, MessageServiceSink, MessageServiceSubscription, ReplyTarget } from '../types';
import { captureLog, until } from '../testSupport';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import { connectorFor } from '../index';
import type { TaobaoCredentials } from './credentials';
import { tmcMessageFrameSchema } from './frames';
import { logisticsFromShippings } from './logistics';
import { mapTmcMessage } from './mapping';
import { topSign, topTimeToIso, topTimestamp } from './sign';
import { subscribeTmc } from './tmcClient';
import { taobaoConnector } from './index';

const SELLER = '汇信茶旅小店';

describe('TOP signing', () => {
  it('is MD5(secret + sorted name/value pairs + secret) in upper-case hex, ignoring sign and empty values', () => {
    const params = { v: '2.0', method: 'taobao.traderates.get', app_key: '12345678', timestamp: '2024-05-01 12:00:00', sign: 'IGNORED', empty: '' };
    // Worked by hand: app_key12345678 method… timestamp… v2.0, wrapped in the secret.
    const expected = 'secretapp_key12345678methodtaobao.traderates.gettimestamp2024-05-01 12:00:00v2.0secret';
    expect(topSign(params, 'secret')).toBe(createHash('md5').update(expected).digest('hex').toUpperCase());
    expect(topSign({ ...params, app_key: '87654321' }, 'secret')).not.toBe(topSign(params, 'secret'));
    // The emulator's independent implementation agrees, so both ends check the same thing.
    expect(topSignature(params, 'secret')).toBe(topSign(params, 'secret'));
  });

  it('writes and reads TOP times in GMT+8', () => {
    expect(topTimestamp(new Date('2024-05-01T04:00:00Z'))).toBe('2024-05-01 12:00:00');
    expect(topTimeToIso('2024-05-01 12:00:00')).toBe('2024-05-01T12:00:00+08:00');
    expect(topTimeToIso('01/05/2024')).toBeNull();
  });
});

function frame(topic: string, content: string, id = '7100000000000000123') {
  return tmcMessageFrameSchema.parse({ type: 'message', id, topic, pub_time: '2024-05-01 12:00:00', user_nick: SELLER, content });
}

describe('TMC topic mapping', () => {
  it('maps a paid trade with a tid beyond 2^53 digit-exact, in CNY', () => {
    const content = `{"buyer_nick":"小鹿乱撞","buyer_open_uid":"AAEtb123","seller_nick":"${SELLER}","tid":3712345678901234567,"oid":3712345678901234568,"payment":"168.00","status":"WAIT_SELLER_SEND_GOODS","type":"fixed"}`;
    const mapped = mapTmcMessage(frame('taobao_trade_TradeBuyerPay', content));
    expect(mapped.kind).toBe('events');
    if (mapped.kind !== 'events') return;
    expect(inboundEventSchema.parse(mapped.events[0])).toMatchObject({
      type: 'order.upserted',
      dedupeKey: 'taobao:tmc:7100000000000000123',
      customer: { platformUserId: 'AAEtb123', nickname: '小鹿乱撞' },
      order: { platformOrderId: '3712345678901234567', status: 'paid', currency: 'CNY', totalAmount: '168.00' },
      occurredAt: '2024-05-01T12:00:00+08:00',
    });
  });

  it('maps the trade lifecycle and refunds to statuses', () => {
    const content = `{"buyer_nick":"tb_882311","tid":3712345678901234567,"payment":"99.00"}`;
    const statuses = ['taobao_trade_TradeCreate', 'taobao_trade_TradeSellerShip', 'taobao_trade_TradeSuccess'].map((topic) => {
      const m = mapTmcMessage(frame(topic, content));
      return m.kind === 'events' && m.events[0]?.type === 'order.upserted' ? m.events[0].order.status : null;
    });
    expect(statuses).toEqual(['created', 'shipped', 'completed']);
    const refund = mapTmcMessage(frame('taobao_refund_RefundCreated', `{"buyer_nick":"tb_882311","refund_id":88123,"tid":3712345678901234567,"refund_fee":"99.00"}`));
    expect(refund.kind === 'events' && refund.events[0]).toMatchObject({ order: { status: 'refund_requested', totalAmount: '99.00' } });
  });

  it('maps the buyer chat topic to a chat message', () => {
    const content = `{"msg_id":5512,"buyer_nick":"小鹿乱撞","content":"在吗？这款有现货吗","send_time":"2024-05-01 11:59:58"}`;
    const mapped = mapTmcMessage(frame('huixin_taobao_BuyerChatMessage', content));
    expect(mapped.kind === 'events' && mapped.events[0]).toMatchObject({
      type: 'message.received',
      kind: 'chat',
      body: '在吗？这款有现货吗',
      platformMessageId: '5512',
      sentAt: '2024-05-01T11:59:58+08:00',
    });
  });

  it('keeps the text of a buyer whose nick is longer than Huixin stores: shortened name, stable digest id', () => {
    const longNick = '🐼'.repeat(300);
    const message = (msgId: number) =>
      mapTmcMessage(frame('huixin_taobao_BuyerChatMessage', JSON.stringify({ msg_id: msgId, buyer_nick: longNick, content: '我的名字很长', send_time: '2024-05-01 12:00:00' })));
    const [first, second] = [message(7001), message(7002)];
    if (first.kind !== 'events' || second.kind !== 'events') throw new Error('both messages must map to events');
    const [a, b] = [first.events[0], second.events[0]];
    if (a?.type !== 'message.received' || b?.type !== 'message.received') throw new Error('both must be chat messages');
    expect(a).toMatchObject({ body: '我的名字很长' });
    // Product events carry no customer: narrow to the buyer message.
    if (a?.type !== 'message.received' || b?.type !== 'message.received') throw new Error('both must map to buyer messages');
    expect(a.customer.platformUserId).toMatch(/^nick-sha256:[0-9a-f]{64}$/);
    expect(b.customer.platformUserId).toBe(a.customer.platformUserId);
    expect(a.customer.nickname.length).toBeLessThanOrEqual(256);
    expect(a.customer.nickname.endsWith('🐼…')).toBe(true);
    expect(inboundEventSchema.safeParse(a).success).toBe(true);
  });

  it('asks for a review lookup on a buyer’s TradeRated and ignores a seller’s', () => {
    const buyer = mapTmcMessage(frame('taobao_trade_TradeRated', `{"buyer_nick":"a","tid":1,"oid":2,"rater":"buyer"}`));
    expect(buyer).toMatchObject({ kind: 'review', lookup: { tid: '1', oid: '2' } });
    const seller = mapTmcMessage(frame('taobao_trade_TradeRated', `{"buyer_nick":"a","tid":1,"oid":2,"rater":"seller"}`));
    expect(seller).toMatchObject({ kind: 'events', events: [], ignored: [{ platformType: 'taobao_trade_TradeRated' }] });
  });

  it('ignores unknown topics and reports malformed content clearly', () => {
    expect(mapTmcMessage(frame('taobao_item_ItemAdd', '{}'))).toMatchObject({ kind: 'events', events: [], ignored: [{ platformType: 'taobao_item_ItemAdd' }] });
    expect(mapTmcMessage(frame('taobao_trade_TradeCreate', '{"tid":'))).toEqual({ kind: 'error', error: expect.stringContaining('malformed JSON') });
    expect(mapTmcMessage(frame('taobao_trade_TradeCreate', '{"tid":1}'))).toEqual({ kind: 'error', error: expect.stringContaining('buyer_nick') });
    const badTime = tmcMessageFrameSchema.parse({ type: 'message', id: '1', topic: 'taobao_trade_TradeCreate', pub_time: 'yesterday', user_nick: SELLER, content: '{}' });
    expect(mapTmcMessage(badTime)).toEqual({ kind: 'error', error: expect.stringContaining('pub_time') });
  });

  it('is registered for the taobao platform', () => {
    expect(connectorFor('taobao')?.messageService).toBeDefined();
  });
});

describe('logistics from taobao.logistics.orders.get', () => {
  const TID = '3712345678901234567';
  it('takes the last modified waybill that has both carrier and number, named through the carrier table', () => {
    const shippings = [
      { tid: TID, out_sid: 'SF1001', company_name: '顺丰速运', modified: '2024-05-02 09:00:00' },
      { tid: TID, out_sid: 'YT2002', company_name: '圆通速递', modified: '2024-05-03 10:00:00' },
      { tid: TID, out_sid: 'ZT3003', company_name: '中通快递', modified: '2024-05-01 08:00:00' },
    ];
    expect(logisticsFromShippings(TID, shippings)).toEqual({ company: 'YTO', trackingNumber: 'YT2002' });
  });

  it('has none when no waybill carries both fields, and skips odd or foreign entries', () => {
    expect(logisticsFromShippings(TID, [])).toBeNull();
    expect(logisticsFromShippings(TID, [{ tid: TID, company_name: '顺丰速运' }, { tid: TID, out_sid: 'SF1', company_name: ' ' }])).toBeNull();
    // Another trade's waybill and a malformed entry do not stand in for this trade's.
    expect(logisticsFromShippings(TID, [{ tid: '1', out_sid: 'SF9', company_name: '顺丰速运' }, 'junk', { tid: TID, out_sid: { n: 1 } }])).toBeNull();
    expect(logisticsFromShippings(TID, ['junk', { tid: TID, out_sid: 'SF1', company_name: '顺丰速运' }])).toEqual({ company: 'SF', trackingNumber: 'SF1' });
  });

  it('keeps a carrier the table does not know as Taobao named it, and reads a numeric waybill', () => {
    expect(logisticsFromShippings(TID, [{ tid: TID, out_sid: 123456789012, company_name: '跨越速运' }])).toEqual({ company: '跨越速运', trackingNumber: '123456789012' });
  });
});

/** A sink that records batches and lets a test hold or fail `deliver`. */
function recordingSink() {
  const delivered: Array<{ events: InboundEvent[]; ignored: IgnoredEvent[] }> = [];
  const rejected: Array<{ reason: string; raw: string }> = [];
  let gate: Promise<void> | null = null;
  let failNext = 0;
  const sink: MessageServiceSink = {
    async deliver(batch) {
      if (gate) await gate;
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('database unavailable');
      }
      delivered.push(batch);
    },
    reject(reason, raw) {
      rejected.push({ reason, raw });
    },
  };
  return {
    sink,
    delivered,
    rejected,
    hold(): () => void {
      let open: () => void = () => {};
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
    failNextDeliveries(count: number) {
      failNext = count;
    },
  };
}

describe('TMC client and TOP replies against the emulator', () => {
  let emulator: Emulator;
  let subscription: MessageServiceSubscription | null = null;
  const appKey = '23021137';
  const storeOf = (overrides: Partial<TaobaoCredentials> = {}): ConnectorStore<TaobaoCredentials> => ({
    id: 'tb-1',
    platform: 'taobao',
    name: '汇信茶旅小店',
    currency: 'CNY',
    credentials: { ...(emulator.credentialsFor('tb-1') as TaobaoCredentials), ...overrides },
  });

  beforeEach(async () => {
    emulator = await startEmulator({
      seed: 7,
      tmcRedeliveryMs: 300,
      stores: [{ id: 'tb-1', platform: 'taobao', credentials: { appKey, appSecret: 'tmc-secret', sellerNick: SELLER } }],
    });
  });

  afterEach(async () => {
    await subscription?.close();
    subscription = null;
    await emulator.close();
  });

  it('confirms a message only after deliver() resolved', async () => {
    const sink = recordingSink();
    const release = sink.hold();
    subscription = subscribeTmc(storeOf(), sink.sink, captureLog());
    const sent = await emulator.sendBuyerMessage({ storeId: 'tb-1', text: '在吗？这款有现货吗', buyerNick: '小鹿乱撞' });
    const id = sent.tmcMessageIds[0]!;
    await until(() => emulator.tmc.connectedClients(appKey) === 1, 10_000, 'connection');
    // deliver() is held: the message stays unconfirmed, however long that takes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emulator.tmc.confirmed().map((c) => c.id)).not.toContain(id);
    expect(sink.delivered).toHaveLength(0);
    release();
    await emulator.waitForTmcConfirm(id);
    const event = sink.delivered.flatMap((b) => b.events).find((e) => e.dedupeKey === `taobao:tmc:${id}`);
    expect(event).toMatchObject({ type: 'message.received', body: '在吗？这款有现货吗', customer: { nickname: '小鹿乱撞' } });
  });

  it('leaves a failed delivery unconfirmed so TMC redelivers it with the same dedupe key', async () => {
    const sink = recordingSink();
    sink.failNextDeliveries(1);
    const log = captureLog();
    subscription = subscribeTmc(storeOf(), sink.sink, log);
    const placed = await emulator.placeOrder({ storeId: 'tb-1' });
    const id = placed.tmcMessageIds[0]!;
    await emulator.waitForTmcConfirm(id);
    expect(emulator.tmc.confirmed().find((c) => c.id === id)?.deliveries).toBe(2);
    expect(sink.delivered.flatMap((b) => b.events)).toEqual([expect.objectContaining({ dedupeKey: `taobao:tmc:${id}` })]);
    expect(log.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('rejects and confirms malformed frames instead of looping on them', async () => {
    const sink = recordingSink();
    subscription = subscribeTmc(storeOf(), sink.sink, captureLog());
    const badContent = emulator.pushMalformedTmcFrame({ storeId: 'tb-1', kind: 'bad-content' });
    await emulator.waitForTmcConfirm(badContent);
    expect(sink.rejected).toEqual([expect.objectContaining({ reason: expect.stringContaining('taobao_trade_TradeBuyerPay content') })]);
    emulator.pushMalformedTmcFrame({ storeId: 'tb-1', kind: 'not-json' });
    await until(() => sink.rejected.length === 2, 10_000, 'second reject');
    expect(sink.rejected[1]?.reason).toContain('malformed JSON');
    expect(sink.delivered).toHaveLength(0);
  });

  it('reconnects after the connection drops and keeps receiving', async () => {
    const sink = recordingSink();
    subscription = subscribeTmc(storeOf(), sink.sink, captureLog());
    await until(() => emulator.tmc.connectedClients(appKey) === 1, 10_000, 'first connection');
    emulator.tmc.dropConnections();
    const placed = await emulator.placeOrder({ storeId: 'tb-1' });
    await emulator.waitForTmcConfirm(placed.tmcMessageIds[0]!);
    expect(emulator.tmc.connectionAttempts().filter((a) => a.accepted).length).toBeGreaterThanOrEqual(2);
    expect(sink.delivered.flatMap((b) => b.events)).toHaveLength(1);
  });

  it('is refused with a wrong secret and stops cleanly on close()', async () => {
    const sink = recordingSink();
    subscription = subscribeTmc(storeOf({ appSecret: 'wrong' }), sink.sink, captureLog());
    await until(() => emulator.tmc.connectionAttempts().length >= 1, 10_000, 'refused attempt');
    expect(emulator.tmc.connectionAttempts()[0]).toMatchObject({ accepted: false, reason: 'invalid sign' });
    await subscription.close();
    subscription = null;
    const attempts = emulator.tmc.connectionAttempts().length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(emulator.tmc.connectionAttempts().length).toBe(attempts);
  });

  it('fetches a buyer review through TOP and delivers it with rating and text', async () => {
    const sink = recordingSink();
    subscription = subscribeTmc(storeOf(), sink.sink, captureLog());
    const placed = await emulator.placeOrder({ storeId: 'tb-1', productSku: 'TEA-LJ-250' });
    for (const step of ['pay', 'ship', 'complete'] as const) await emulator.advanceOrder({ storeId: 'tb-1', orderId: placed.orderId!, step });
    const review = await emulator.postReview({ storeId: 'tb-1', orderId: placed.orderId!, rating: 1, text: '收到有破损，客服也不回复' });
    await emulator.waitForTmcConfirm(review.tmcMessageIds[0]!);
    const event = sink.delivered.flatMap((b) => b.events).find((e) => e.type === 'review.received');
    expect(event).toMatchObject({
      rating: 1,
      body: '收到有破损，客服也不回复',
      productTitle: '2024新茶 明前龙井 特级 250g 罐装',
      platformOrderId: placed.orderId,
    });
    const orders = sink.delivered.flatMap((b) => b.events).filter((e) => e.type === 'order.upserted');
    expect(orders.map((e) => (e.type === 'order.upserted' ? e.order.status : null))).toEqual(['created', 'paid', 'shipped', 'completed']);
  });

  it('delivers a replayed message again under the same dedupe key', async () => {
    const sink = recordingSink();
    subscription = subscribeTmc(storeOf(), sink.sink, captureLog());
    const sent = await emulator.sendBuyerMessage({ storeId: 'tb-1' });
    await emulator.waitForTmcConfirm(sent.tmcMessageIds[0]!);
    emulator.replayTmcMessage({ storeId: 'tb-1' });
    await until(() => sink.delivered.length === 2, 10_000, 'replayed delivery');
    const keys = sink.delivered.flatMap((b) => b.events.map((e) => e.dedupeKey));
    expect(keys).toEqual([`taobao:tmc:${sent.tmcMessageIds[0]}`, `taobao:tmc:${sent.tmcMessageIds[0]}`]);
  });

  it('delivers a ship message without logistics when Taobao refuses the lookup, logs the refusal and confirms', async () => {
    const sink = recordingSink();
    const log = captureLog();
    subscription = subscribeTmc(storeOf(), sink.sink, log);
    const placed = await emulator.placeOrder({ storeId: 'tb-1' });
    const orderId = placed.orderId!;
    const paid = await emulator.advanceOrder({ storeId: 'tb-1', orderId, step: 'pay' });
    // Create and pay read the trade's lines; the refusal is meant for the ship message's lookup.
    for (const id of [...placed.tmcMessageIds, ...paid.tmcMessageIds]) await emulator.waitForTmcConfirm(id);
    emulator.setFault({ platform: 'taobao', mode: 'refuse', count: 1 });
    const shipped = await emulator.advanceOrder({ storeId: 'tb-1', orderId, step: 'ship', carrier: 'SF' });
    const id = shipped.tmcMessageIds[0]!;
    await emulator.waitForTmcConfirm(id);
    expect(emulator.tmc.confirmed().find((c) => c.id === id)?.deliveries).toBe(1);
    const event = sink.delivered.flatMap((b) => b.events).find((e) => e.dedupeKey === `taobao:tmc:${id}`);
    expect(event).toMatchObject({ type: 'order.upserted', order: { platformOrderId: orderId, status: 'shipped' } });
    expect(event?.type === 'order.upserted' ? event.order.logistics : 'not an order').toBeUndefined();
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('logistics lookup refused'), details: expect.objectContaining({ tid: orderId, reason: expect.stringContaining('isv.permission-api-package-limit') }) }),
    );
  });

  const target = (overrides: Partial<ReplyTarget> = {}): ReplyTarget => ({
    messageId: 'msg-42',
    body: '亲，有现货的，今天下单今天发货哦',
    conversationKind: 'chat',
    customerPlatformUserId: 'AAEtb123',
    customerNickname: '小鹿乱撞',
    customerEmail: null,
    platformThreadId: null,
    platformOrderId: null,
    ...overrides,
  });

  it('sends chat replies and review explanations through the signed TOP gateway', async () => {
    expect(await taobaoConnector.sendReply(storeOf(), target(), AbortSignal.timeout(5000))).toEqual({ ok: true, platformMessageId: 'msg-msg-42' });
    const reviewReply = await taobaoConnector.sendReply(
      storeOf(),
      target({ messageId: 'msg-43', conversationKind: 'review', body: '非常抱歉，已为您补发', platformReviewId: '3712345678901234568' }),
      AbortSignal.timeout(5000),
    );
    expect(reviewReply).toEqual({ ok: true, platformMessageId: null });
    expect(emulator.replies('taobao').map((r) => [r.method, r.fields])).toEqual([
      ['huixin.qianniu.message.send', { buyer_nick: '小鹿乱撞', buyer_open_uid: 'AAEtb123', content: '亲，有现货的，今天下单今天发货哦', out_id: 'msg-42' }],
      ['taobao.traderate.explain.add', { oid: '3712345678901234568', reply: '非常抱歉，已为您补发', out_id: 'msg-43' }],
    ]);
  });

  it('maps TOP refusals to permanent and outages and timeouts to transient', async () => {
    emulator.setFault({ platform: 'taobao', mode: 'refuse', count: 1 });
    expect(await taobaoConnector.sendReply(storeOf(), target(), AbortSignal.timeout(5000))).toEqual({
      ok: false,
      permanent: true,
      reason: expect.stringContaining('isv.buyer-refuse-message'),
    });
    emulator.setFault({ platform: 'taobao', mode: 'unavailable', count: 1 });
    expect(await taobaoConnector.sendReply(storeOf(), target(), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: false });
    emulator.setFault({ platform: 'taobao', mode: 'timeout', count: 1 });
    expect(await taobaoConnector.sendReply(storeOf(), target(), AbortSignal.timeout(300))).toEqual({
      ok: false,
      permanent: false,
      reason: expect.stringContaining('did not answer in time'),
    });
    expect(await taobaoConnector.sendReply(storeOf({ appSecret: 'wrong' }), target(), AbortSignal.timeout(5000))).toEqual({
      ok: false,
      permanent: true,
      reason: expect.stringContaining('Invalid Signature'),
    });
    expect(emulator.replies('taobao')).toHaveLength(0);
  });
});

describe('Taobao logistics through TMC into the real server and database', () => {
  const STORE = DEMO_STORE_IDS.taobaoTea;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 31, tmcRedeliveryMs: 300 });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Places and pays an order (both stored), then ships it; returns the ship message's id. */
  const shipAnOrder = async (carrier: 'SF' | 'YTO', beforeShipping: () => void = () => {}) => {
    const { emulator } = stack;
    const placed = await emulator.placeOrder({ storeId: STORE });
    const orderId = placed.orderId!;
    const paid = await emulator.advanceOrder({ storeId: STORE, orderId, step: 'pay' });
    for (const id of [...placed.tmcMessageIds, ...paid.tmcMessageIds]) await emulator.waitForTmcConfirm(id, 20_000);
    beforeShipping();
    const shipped = await emulator.advanceOrder({ storeId: STORE, orderId, step: 'ship', carrier });
    const shipId = shipped.tmcMessageIds[0]!;
    await emulator.waitForTmcConfirm(shipId, 20_000);
    return { orderId, shipId };
  };

  const orderRow = async (orderId: string) =>
    (await stack.server.database.query<{ status: string; logistics: unknown }>('select status, logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]))[0];

  it('stores the carrier and waybill of a shipped order, and keeps them when the trade completes', async () => {
    const { orderId } = await shipAnOrder('SF');
    expect(await orderRow(orderId)).toEqual({ status: 'shipped', logistics: { company: 'SF', trackingNumber: expect.stringMatching(/^SF\d{12}$/) } });
    const shippedWith = (await orderRow(orderId))?.logistics;
    const completed = await stack.emulator.advanceOrder({ storeId: STORE, orderId, step: 'complete' });
    await stack.emulator.waitForTmcConfirm(completed.tmcMessageIds[0]!, 20_000);
    expect(await orderRow(orderId)).toEqual({ status: 'completed', logistics: shippedWith });
  });

  it('stores the shipped order without logistics when Taobao refuses the lookup', async () => {
    const { orderId, shipId } = await shipAnOrder('YTO', () => stack.emulator.setFault({ platform: 'taobao', mode: 'refuse', count: 1 }));
    expect(stack.emulator.tmc.confirmed().find((c) => c.id === shipId)?.deliveries).toBe(1);
    expect(await orderRow(orderId)).toEqual({ status: 'shipped', logistics: null });
  });

  it('leaves the ship message unconfirmed during an outage; TMC redelivers it and it is stored once, with logistics', async () => {
    const { orderId, shipId } = await shipAnOrder('YTO', () => stack.emulator.setFault({ platform: 'taobao', mode: 'unavailable', count: 1 }));
    // At least one redelivery; a slow machine may see TMC redeliver again before the confirm.
    expect(stack.emulator.tmc.confirmed().find((c) => c.id === shipId)?.deliveries).toBeGreaterThanOrEqual(2);
    expect(await orderRow(orderId)).toEqual({ status: 'shipped', logistics: { company: 'YTO', trackingNumber: expect.stringMatching(/^YT\d{12}$/) } });
    const stored = await stack.server.database.query<{ deliveries: number; notes: number }>(
      `select (select count(*)::int from inbound_deliveries where store_id = $1 and dedupe_key = $2) as deliveries,
              (select count(*)::int from messages where store_id = $1 and body like $3) as notes`,
      [STORE, `taobao:tmc:${shipId}`, `卖家已发货 · 订单 ${orderId}%`],
    );
    expect(stored).toEqual([{ deliveries: 1, notes: 1 }]);
  });
});
