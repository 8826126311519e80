import { z } from 'zod';
import { moneySchema } from '../../../shared';
import type { InboundEvent, OrderItem } from '../../../shared';
import { describeZodError, platformIdSchema } from '../json';
import type { TaobaoCredentials } from './credentials';
import { topTimeToIso } from './sign';
import { callTop, topResponseKey } from './topApi';

/**
 * The line items and paid amount of a Taobao/Tmall trade.
 *
 * TMC trade messages (taobao_trade_TradeCreate / TradeBuyerPay / TradeSuccess …) carry tid,
 * status and payment but no lines. They are read with the public TOP API
 * `taobao.trade.fullinfo.get` (获取单笔交易的详细信息), asked by `tid` with the fields
 * Huixin stores. Sources (public): the TOP API page as mirrored by the generated SDKs —
 * taobao-sdk-java com.taobao.api.request.TradeFullinfoGetRequest / com.taobao.api.domain.
 * Trade and Order, github.com/bububa/opentaobao model/trade/TaobaoTradeFullinfoGetAPIResponse.go
 * and model/trade/Order.go. The answer is
 * `{ trade: { tid, status, payment, created, modified, orders: { order: [ Order… ] } } }`;
 * each Order (子订单) has `oid`, `title`, `num` (购买数量), `price` (商品价格, yuan as
 * "200.07"), `num_iid` (商品数字ID), `outer_sku_id` (the seller's own SKU code,
 * 外部网店自己定义的Sku编号), `outer_iid` (the seller's item code) and `sku_properties_name`
 * ("机身颜色:黑色;手机套餐:官方标配"). Trade `payment` is what the buyer paid (实付金额).
 * Sub-order fields are asked as `orders.<field>`, TOP's form for fields of the nested list.
 */
export const TAOBAO_TRADE_GET_METHOD = 'taobao.trade.fullinfo.get';
/** Only what Huixin stores: TOP answers the fields it is asked for. */
export const TAOBAO_TRADE_FIELDS = [
  'tid',
  'status',
  'payment',
  'created',
  'modified',
  ...['oid', 'title', 'num', 'price', 'num_iid', 'outer_sku_id', 'outer_iid', 'sku_properties_name'].map((field) => `orders.${field}`),
].join(',');

/** TOP declares amounts as strings ("168.00"); a number written as JSON is read the same. */
const topMoneySchema = z.union([z.string(), z.number()]).transform(String).pipe(moneySchema);
const topCountSchema = z.union([z.number(), z.string().regex(/^\d{1,9}$/)]).transform(Number).pipe(z.number().int().positive());

export const tradeOrderSchema = z.object({
  oid: platformIdSchema.optional(),
  title: z.string().max(2000).optional(),
  num: topCountSchema.optional(),
  price: topMoneySchema.optional(),
  num_iid: platformIdSchema.optional(),
  outer_sku_id: z.string().max(2000).optional(),
  outer_iid: z.string().max(2000).optional(),
  sku_properties_name: z.string().max(2000).optional(),
});
export type TradeOrder = z.infer<typeof tradeOrderSchema>;

const tradeSchema = z.object({
  tid: platformIdSchema.optional(),
  status: z.string().max(64).optional(),
  payment: topMoneySchema.optional(),
  created: z.string().max(40).optional(),
  modified: z.string().max(40).optional(),
  orders: z.object({ order: z.array(z.unknown()) }).optional(),
});

const fullinfoAnswerSchema = z.object({ trade: z.unknown().optional() });

/** What the trade lookup adds to the order event. */
export interface TradeDetails {
  items: OrderItem[];
  /** The buyer's paid amount (实付), when TOP names one. */
  payment: string | null;
  /** When the buyer placed the trade, ISO with +08:00, when TOP names it. */
  createdAt: string | null;
}

export type TradeDetailsLookup = { ok: true; details: TradeDetails | null } | { ok: false; permanent: boolean; reason: string };

/** OrderItem limits (shared/domain/entities.ts): longer platform text is cut, never refused. */
const MAX_TITLE = 500;
const MAX_SKU = 128;
const MAX_ITEMS = 500;

/**
 * The trade's sub-orders as order lines. A sub-order without a title, count or price is no
 * line an agent can talk about and is skipped (TOP omits fields it was not asked for, or an
 * odd entry); one odd entry must not hide the others. The SKU shown is the seller's own code
 * (outer_sku_id, else the item's outer_iid), else Taobao's SKU text ("颜色分类:黑色").
 */
export function itemsFromTradeOrders(orders: readonly unknown[]): OrderItem[] {
  return orders
    .map((entry) => tradeOrderSchema.safeParse(entry))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .flatMap((order): OrderItem[] => {
      const title = order.title?.trim() ?? '';
      if (title === '' || order.num === undefined || order.price === undefined) return [];
      return [
        {
          title: cut(title, MAX_TITLE),
          sku: skuOf(order),
          quantity: order.num,
          unitPrice: order.price,
          // num_iid is the item (商品); it keys the catalogue entry, like Taobao review lines.
          platformProductId: order.num_iid ?? null,
        },
      ];
    })
    .slice(0, MAX_ITEMS);
}

function skuOf(order: TradeOrder): string | null {
  for (const candidate of [order.outer_sku_id, order.outer_iid, order.sku_properties_name]) {
    const text = candidate?.trim() ?? '';
    if (text !== '') return cut(text, MAX_SKU);
  }
  return null;
}

/** Cuts at a code point (never inside an emoji's surrogate pair). */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const codePoint of text) {
    if (out.length + codePoint.length > max) break;
    out += codePoint;
  }
  return out;
}

/** The details of one trade as TOP answers it; null when the answer is not this trade. */
export function tradeDetailsFrom(tid: string, trade: unknown): TradeDetails | null {
  const parsed = tradeSchema.safeParse(trade);
  if (!parsed.success) return null;
  const t = parsed.data;
  if (t.tid !== undefined && t.tid !== tid) return null;
  return {
    items: itemsFromTradeOrders(t.orders?.order ?? []),
    payment: t.payment ?? null,
    createdAt: t.created !== undefined ? topTimeToIso(t.created) : null,
  };
}

/** Reads the trade; `details: null` when TOP answers no trade, or another one. */
export async function fetchTradeDetails(credentials: TaobaoCredentials, tid: string, signal: AbortSignal): Promise<TradeDetailsLookup> {
  const result = await callTop(credentials, TAOBAO_TRADE_GET_METHOD, { fields: TAOBAO_TRADE_FIELDS, tid }, signal);
  if (!result.ok) return result;
  const body = fullinfoAnswerSchema.safeParse(result.body[topResponseKey(TAOBAO_TRADE_GET_METHOD)]);
  if (!body.success) return { ok: false, permanent: true, reason: `unexpected TOP answer: ${describeZodError(body.error)}` };
  return { ok: true, details: body.data.trade === undefined ? null : tradeDetailsFrom(tid, body.data.trade) };
}

/**
 * The events with the trade's lines, paid amount and placing time set on the order event.
 * The status stays the one the message's topic names (TOP's trade status may already be
 * further along than the message being handled).
 */
export function withTradeDetails(events: readonly InboundEvent[], details: TradeDetails | null): InboundEvent[] {
  if (details === null) return [...events];
  return events.map((event) => {
    if (event.type !== 'order.upserted') return event;
    const createdAt = details.createdAt !== null && details.createdAt <= event.order.updatedAt ? details.createdAt : event.order.createdAt;
    return {
      ...event,
      order: {
        ...event.order,
        items: details.items.length > 0 ? details.items : event.order.items,
        totalAmount: details.payment ?? event.order.totalAmount,
        createdAt,
      },
    };
  });
}

/** The trade id of the message's order event, when it has one. */
export function tradeIdOf(events: readonly InboundEvent[]): string | null {
  for (const event of events) if (event.type === 'order.upserted') return event.order.platformOrderId;
  return null;
}
