import { z } from 'zod';
import { logisticsFrom } from '../../../shared';
import type { IgnoredEvent, InboundEvent, Logistics, OrderStatus } from '../../../shared';
import { describeZodError, parseJsonLosslessly, platformIdSchema } from '../json';
import type { DouyinOrderDetail, DouyinPushMessage } from './payloads';

/**
 * Doudian push tags → normalised events, all in this one file.
 *
 * Source: the Doudian message catalogue (消息推送 → 消息列表, op.jinritemai.com/docs/message-docs),
 * public in outline only — the tag numbers and the fields below are what the catalogue and
 * public SDKs show; anything not listed here is recorded as ignored, never an error:
 *   100 doudian_trade_TradeCreate        订单创建     p_id, s_ids, shop_id, order_status, create_time
 *   101 doudian_trade_TradePaid          订单支付     … pay_time, pay_amount (fen)
 *   102 doudian_trade_TradeSellerShip    卖家发货     … update_time
 *   103 doudian_trade_TradeSuccess       交易完成     … complete_time
 *   106 doudian_trade_TradeCanceled      订单取消     … cancel_time, cancel_reason
 *   200 doudian_refund_RefundCreated     买家发起售后 aftersale_id, p_id, s_id, shop_id, refund_amount (fen), apply_time
 *   206 doudian_refund_RefundSuccess     退款成功     aftersale_id, p_id, shop_id, refund_amount, success_time
 *
 * Pushes carry ids, statuses and amounts but NOT the buyer or the line items (Doudian keeps
 * buyer data behind its API), so every order/refund message is completed with
 * `order.orderDetail` (webhook.ts) before it is stored. Douyin Shop's buyer chat (Feige/飞鸽)
 * has no public push or send API for ISV apps: no chat here.
 */

interface TagRule {
  name: string;
  status: OrderStatus;
  label: string;
  /** The field that says when it happened (Unix seconds). */
  timeField: 'create_time' | 'pay_time' | 'update_time' | 'complete_time' | 'cancel_time' | 'apply_time' | 'success_time';
  refund: boolean;
}

export const DOUYIN_TAGS: Readonly<Record<string, TagRule>> = {
  '100': { name: 'doudian_trade_TradeCreate', status: 'created', label: '买家已下单', timeField: 'create_time', refund: false },
  '101': { name: 'doudian_trade_TradePaid', status: 'paid', label: '买家已付款', timeField: 'pay_time', refund: false },
  '102': { name: 'doudian_trade_TradeSellerShip', status: 'shipped', label: '卖家已发货', timeField: 'update_time', refund: false },
  '103': { name: 'doudian_trade_TradeSuccess', status: 'completed', label: '交易完成', timeField: 'complete_time', refund: false },
  '106': { name: 'doudian_trade_TradeCanceled', status: 'cancelled', label: '订单已取消', timeField: 'cancel_time', refund: false },
  '200': { name: 'doudian_refund_RefundCreated', status: 'refund_requested', label: '买家申请售后', timeField: 'apply_time', refund: true },
  '206': { name: 'doudian_refund_RefundSuccess', status: 'refunded', label: '退款成功', timeField: 'success_time', refund: true },
};

const tradeDataSchema = z
  .object({
    p_id: platformIdSchema,
    shop_id: platformIdSchema,
    order_status: z.number().int().optional(),
    pay_amount: z.number().int().nonnegative().optional(),
  })
  .loose();

const refundDataSchema = z
  .object({
    aftersale_id: platformIdSchema,
    p_id: platformIdSchema,
    shop_id: platformIdSchema,
    refund_amount: z.number().int().nonnegative(),
  })
  .loose();

const timeSchema = z.number().int().positive();

/** A message that must be completed with the order's details before it can be stored. */
export interface OrderLookup {
  orderId: string;
  dedupeKey: string;
  tag: string;
  rule: TagRule;
  occurredAt: string;
  refundAmountFen: number | null;
}

export type DouyinMapping = { kind: 'ignored'; ignored: IgnoredEvent } | { kind: 'lookup'; lookup: OrderLookup } | { kind: 'error'; error: string };

export function douyinDedupeKey(msgId: string): string {
  return `douyin:msg:${msgId}`;
}

export function mapDouyinMessage(message: DouyinPushMessage, shopId: string): DouyinMapping {
  const dedupeKey = douyinDedupeKey(message.msg_id);
  const rule = DOUYIN_TAGS[message.tag];
  if (!rule) return { kind: 'ignored', ignored: { dedupeKey, platformType: `tag:${message.tag}`, reason: 'message type not used by Huixin' } };
  const json = parseJsonLosslessly(message.data);
  if (!json.ok) return { kind: 'error', error: `tag ${message.tag} data: ${json.error}` };
  const parsed = (rule.refund ? refundDataSchema : tradeDataSchema).safeParse(json.value);
  if (!parsed.success) return { kind: 'error', error: `tag ${message.tag} data: ${describeZodError(parsed.error)}` };
  const data = parsed.data as z.infer<typeof tradeDataSchema> & Partial<z.infer<typeof refundDataSchema>>;
  if (data.shop_id !== shopId) {
    // One push URL per store here; another shop's message is recorded, not stored.
    return { kind: 'ignored', ignored: { dedupeKey, platformType: rule.name, reason: `message for shop ${data.shop_id}` } };
  }
  const time = timeSchema.safeParse((json.value as Record<string, unknown>)[rule.timeField]);
  if (!time.success) return { kind: 'error', error: `tag ${message.tag} data: ${rule.timeField}: ${describeZodError(time.error)}` };
  return {
    kind: 'lookup',
    lookup: {
      orderId: data.p_id,
      dedupeKey,
      tag: message.tag,
      rule,
      occurredAt: new Date(time.data * 1000).toISOString(),
      refundAmountFen: data.refund_amount ?? null,
    },
  };
}

/** The stored event: the push's status and time, the order's buyer, items and total. */
export function douyinOrderEvent(lookup: OrderLookup, detail: DouyinOrderDetail): InboundEvent {
  const total = yuan(detail.order_amount);
  const refund = lookup.refundAmountFen !== null ? ` · 退款 ¥${yuan(lookup.refundAmountFen)}` : '';
  return {
    type: 'order.upserted',
    dedupeKey: lookup.dedupeKey,
    customer: {
      platformUserId: detail.doudian_open_id,
      // Doudian shows shops no buyer nickname; the tail of the open id tells buyers apart.
      nickname: `抖音用户 ${detail.doudian_open_id.slice(-4)}`,
      locale: 'zh-CN',
      email: null,
    },
    order: {
      platformOrderId: detail.order_id,
      status: lookup.rule.status,
      currency: 'CNY',
      totalAmount: total,
      items: detail.sku_order_list.map((sku) => ({ title: sku.product_name, sku: sku.code ?? sku.sku_id ?? null, quantity: sku.item_num, unitPrice: yuan(sku.origin_amount) })),
      logistics: shippedWith(detail),
      createdAt: new Date(detail.create_time * 1000).toISOString(),
      updatedAt: lookup.occurredAt,
    },
    note: `${lookup.rule.label} · 订单 ${detail.order_id} · ¥${total}${refund}${detail.buyer_words && lookup.tag === '100' ? ` · 买家留言：${detail.buyer_words.slice(0, 300)}` : ''}`,
    occurredAt: lookup.occurredAt,
  };
}

/**
 * The latest parcel's carrier and tracking number (order.orderDetail `logistics_info`, the
 * carrier as Doudian's code such as "yuantong"; its `company_name` when the code is blank).
 */
function shippedWith(detail: DouyinOrderDetail): Logistics | null {
  const parcels = [...detail.logistics_info].sort((a, b) => (b.ship_time ?? 0) - (a.ship_time ?? 0));
  for (const parcel of parcels) {
    const logistics = logisticsFrom(parcel.company || parcel.company_name, parcel.tracking_no);
    if (logistics) return logistics;
  }
  return null;
}

function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
