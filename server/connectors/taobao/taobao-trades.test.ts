import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent, OrderItem } from '../../../shared';
import { startEmulator } from '../../../emulator';
import type { Emulator } from '../../../emulator';
import { numericProductId } from '../../../emulator/catalog';
import type { EmulatedOrder } from '../../../emulator/traffic';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { MessageServiceSink, MessageServiceSubscription } from '../types';
import { captureLog, until } from '../testSupport';
import type { TaobaoCredentials } from './credentials';
import { subscribeTmc } from './tmcClient';
import { itemsFromTradeOrders, tradeDetailsFrom, withTradeDetails } from './tradeDetails';

const TID = '4012345678901234567';

describe('Taobao trade lines from taobao.trade.fullinfo.get', () => {
  it('maps a sub-order to a line: title, seller SKU code, quantity, unit price and num_iid beyond 2^53 as the product id', () => {
    expect(
      itemsFromTradeOrders([
        { oid: '4012345678901234568', title: '2024新茶 明前龙井 特级 250g 罐装', num: 2, price: '168.00', num_iid: '9007199254740993', outer_sku_id: 'TEA-LJ-250', sku_properties_name: '净含量:250g' },
      ]),
    ).toEqual([{ title: '2024新茶 明前龙井 特级 250g 罐装', sku: 'TEA-LJ-250', quantity: 2, unitPrice: '168.00', platformProductId: '9007199254740993' }]);
  });

  it('maps every sub-order of a trade in order, with the SKU falling back to the item code, then the SKU text', () => {
    const items = itemsFromTradeOrders([
      { oid: 1, title: '安吉白茶 礼盒装 125g', num: 1, price: 238, num_iid: 61234, outer_sku_id: 'TEA-AJ-125' },
      { oid: 2, title: '骆驼户外帐篷', num: '3', price: '459.00', num_iid: 61235, outer_iid: 'OUT-TENT' },
      { oid: 3, title: '手机壳', num: 1, price: '19.90', sku_properties_name: '颜色分类:黑色;适用型号:iPhone 15' },
    ]);
    expect(items).toEqual([
      { title: '安吉白茶 礼盒装 125g', sku: 'TEA-AJ-125', quantity: 1, unitPrice: '238', platformProductId: '61234' },
      { title: '骆驼户外帐篷', sku: 'OUT-TENT', quantity: 3, unitPrice: '459.00', platformProductId: '61235' },
      { title: '手机壳', sku: '颜色分类:黑色;适用型号:iPhone 15', quantity: 1, unitPrice: '19.90', platformProductId: null },
    ]);
  });

  it('skips sub-orders missing a title, count or price, or in another shape; cuts long text at a code point', () => {
    const longTitle = '茶'.repeat(499) + '🍵🍵';
    const items = itemsFromTradeOrders([
      { oid: 1, num: 1, price: '1.00' },
      { oid: 2, title: '   ', num: 1, price: '1.00' },
      { oid: 3, title: '无数量', price: '1.00' },
      { oid: 4, title: '无价格', num: 1 },
      { oid: 5, title: '坏价格', num: 1, price: 'free' },
      { oid: 6, title: '零件', num: 0, price: '1.00' },
      'junk',
      { oid: 7, title: longTitle, num: 1, price: '9.90', outer_sku_id: 'S'.repeat(300) },
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]?.title).toBe('茶'.repeat(499));
    expect(items[0]?.sku).toBe('S'.repeat(128));
    expect(items[0]?.platformProductId).toBeNull();
  });

  it('reads the paid amount and placing time, and refuses an answer about another trade', () => {
    const trade = { tid: TID, payment: '336.00', created: '2024-05-01 10:00:00', orders: { order: [{ title: '龙井', num: 2, price: '168.00' }] } };
    expect(tradeDetailsFrom(TID, trade)).toEqual({
      items: [{ title: '龙井', sku: null, quantity: 2, unitPrice: '168.00', platformProductId: null }],
      payment: '336.00',
      createdAt: '2024-05-01T10:00:00+08:00',
    });
    expect(tradeDetailsFrom('1', trade)).toBeNull();
    expect(tradeDetailsFrom(TID, { tid: TID })).toEqual({ items: [], payment: null, createdAt: null });
  });

  it('sets lines and paid amount on the order event and keeps the topic’s status and the message’s amount when TOP names none', () => {
    const event: InboundEvent = {
      type: 'order.upserted',
      dedupeKey: 'taobao:tmc:1',
      customer: { platformUserId: 'AAE1', nickname: '小鹿', locale: 'zh-CN', email: null },
      order: { platformOrderId: TID, status: 'paid', currency: 'CNY', totalAmount: '300.00', items: [], createdAt: '2024-05-01T10:05:00+08:00', updatedAt: '2024-05-01T10:05:00+08:00' },
      note: '买家已付款',
      occurredAt: '2024-05-01T10:05:00+08:00',
    };
    const line: OrderItem = { title: '龙井', sku: null, quantity: 2, unitPrice: '168.00', platformProductId: '61' };
    const [withLines] = withTradeDetails([event], { items: [line], payment: '336.00', createdAt: '2024-05-01T10:00:00+08:00' });
    expect(withLines).toMatchObject({ order: { status: 'paid', items: [line], totalAmount: '336.00', createdAt: '2024-05-01T10:00:00+08:00' } });
    const [unchanged] = withTradeDetails([event], { items: [], payment: null, createdAt: '2030-01-01T00:00:00+08:00' });
    expect(unchanged).toEqual(event);
    expect(withTradeDetails([event], null)).toEqual([event]);
  });
});

describe('TMC client reads trade lines against the emulator', () => {
  let emulator: Emulator;
  let subscription: MessageServiceSubscription | null = null;

  beforeEach(async () => {
    emulator = await startEmulator({
      seed: 11,
      tmcRedeliveryMs: 300,
      stores: [{ id: 'tb-1', platform: 'taobao', credentials: { appKey: '23021138', appSecret: 'tmc-secret', sellerNick: '汇信茶旅小店' } }],
    });
  });

  afterEach(async () => {
    await subscription?.close();
    subscription = null;
    await emulator.close();
  });

  it('delivers a trade message without lines when Taobao refuses the lookup, logs the refusal and confirms', async () => {
    const delivered: InboundEvent[] = [];
    const sink: MessageServiceSink = { deliver: async (batch) => void delivered.push(...batch.events), reject: () => {} };
    const log = captureLog();
    subscription = subscribeTmc({ id: 'tb-1', platform: 'taobao', name: '汇信茶旅小店', currency: 'CNY', credentials: emulator.credentialsFor('tb-1') as TaobaoCredentials }, sink, log);
    emulator.setFault({ platform: 'taobao', mode: 'refuse', count: 1 });
    const placed = await emulator.placeOrder({ storeId: 'tb-1' });
    const id = placed.tmcMessageIds[0]!;
    await emulator.waitForTmcConfirm(id);
    expect(emulator.tmc.confirmed().find((c) => c.id === id)?.deliveries).toBe(1);
    await until(() => delivered.length === 1, 10_000, 'the order event');
    expect(delivered[0]).toMatchObject({ type: 'order.upserted', order: { platformOrderId: placed.orderId, status: 'created', items: [] } });
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('trade lookup refused'), details: expect.objectContaining({ tid: placed.orderId, reason: expect.stringContaining('isv.permission-api-package-limit') }) }),
    );
  });
});

describe('Taobao and Tmall order lines through TMC into the real server and database', () => {
  const TAOBAO = DEMO_STORE_IDS.taobaoTea;
  const TMALL = DEMO_STORE_IDS.tmallSilk;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 37, tmcRedeliveryMs: 300 });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  type OrderRow = { status: string; total_amount: string; items: OrderItem[] };
  const orderRow = async (storeId: string, orderId: string) =>
    (await stack.server.database.query<OrderRow>('select status, total_amount, items from orders where store_id = $1 and platform_order_id = $2', [storeId, orderId]))[0];

  /** The lines as the emulated shop sold them. */
  const expectedLines = (storeId: string, orderId: string): OrderItem[] => {
    const order: EmulatedOrder | undefined = stack.emulator.orders(storeId).find((o) => o.id === orderId);
    if (!order) throw new Error(`emulator has no order ${orderId}`);
    return order.lines.map((line) => ({
      title: line.product.title,
      sku: line.product.sku,
      quantity: line.quantity,
      unitPrice: line.product.price,
      platformProductId: numericProductId(line.product.sku),
    }));
  };

  const placeAndPay = async (storeId: string, beforePaying: () => void = () => {}) => {
    const { emulator } = stack;
    const placed = await emulator.placeOrder({ storeId, quantity: 2 });
    const orderId = placed.orderId!;
    for (const id of placed.tmcMessageIds) await emulator.waitForTmcConfirm(id, 20_000);
    beforePaying();
    const paid = await emulator.advanceOrder({ storeId, orderId, step: 'pay' });
    const payId = paid.tmcMessageIds[0]!;
    await emulator.waitForTmcConfirm(payId, 20_000);
    return { orderId, payId };
  };

  it('stores a paid Taobao order with its lines and paid amount, adds its products to the catalogue, and keeps the lines through shipping and refund', async () => {
    const { orderId } = await placeAndPay(TAOBAO);
    const lines = expectedLines(TAOBAO, orderId);
    const total = stack.emulator.orders(TAOBAO).find((o) => o.id === orderId)!.total;
    expect(lines[0]?.quantity).toBe(2);
    expect(await orderRow(TAOBAO, orderId)).toEqual({ status: 'paid', total_amount: total, items: lines });

    const products = await stack.server.database.query<{ platform_product_id: string; title: string }>(
      'select platform_product_id, title from products where store_id = $1 and platform_product_id = any($2::text[])',
      [TAOBAO, lines.map((line) => line.platformProductId)],
    );
    expect(products.map((p) => p.platform_product_id).sort()).toEqual([...new Set(lines.map((line) => line.platformProductId!))].sort());

    // The ship message reads the waybill; the refund message names only the refund amount
    // (one piece here), so the trade is read again: lines and the order's total stay.
    const shipped = await stack.emulator.advanceOrder({ storeId: TAOBAO, orderId, step: 'ship', carrier: 'SF' });
    await stack.emulator.waitForTmcConfirm(shipped.tmcMessageIds[0]!, 20_000);
    const refunded = await stack.emulator.advanceOrder({ storeId: TAOBAO, orderId, step: 'refund' });
    await stack.emulator.waitForTmcConfirm(refunded.tmcMessageIds[0]!, 20_000);
    expect(await orderRow(TAOBAO, orderId)).toEqual({ status: 'refund_requested', total_amount: total, items: lines });
  });

  it('stores the order without lines when Taobao refuses the trade lookup, and confirms it once', async () => {
    stack.emulator.setFault({ platform: 'taobao', mode: 'refuse', count: 1 });
    const placed = await stack.emulator.placeOrder({ storeId: TAOBAO });
    const id = placed.tmcMessageIds[0]!;
    await stack.emulator.waitForTmcConfirm(id, 20_000);
    expect(stack.emulator.tmc.confirmed().find((c) => c.id === id)?.deliveries).toBe(1);
    expect(await orderRow(TAOBAO, placed.orderId!)).toMatchObject({ status: 'created', items: [] });
  });

  it('leaves the pay message unconfirmed during an outage; TMC redelivers it and it is stored once, with lines', async () => {
    const { orderId, payId } = await placeAndPay(TAOBAO, () => stack.emulator.setFault({ platform: 'taobao', mode: 'unavailable', count: 1 }));
    // At least one redelivery; a slow machine may see TMC redeliver again before the confirm.
    expect(stack.emulator.tmc.confirmed().find((c) => c.id === payId)?.deliveries).toBeGreaterThanOrEqual(2);
    expect(await orderRow(TAOBAO, orderId)).toMatchObject({ status: 'paid', items: expectedLines(TAOBAO, orderId) });
    const stored = await stack.server.database.query<{ deliveries: number; notes: number }>(
      `select (select count(*)::int from inbound_deliveries where store_id = $1 and dedupe_key = $2) as deliveries,
              (select count(*)::int from messages where store_id = $1 and body like $3) as notes`,
      [TAOBAO, `taobao:tmc:${payId}`, `买家已付款 · 订单 ${orderId}%`],
    );
    expect(stored).toEqual([{ deliveries: 1, notes: 1 }]);
  });

  it('gives a Tmall order its lines the same way', async () => {
    const { orderId } = await placeAndPay(TMALL);
    expect(await orderRow(TMALL, orderId)).toMatchObject({ status: 'paid', items: expectedLines(TMALL, orderId) });
  });
});
