import { z } from 'zod';
import { logisticsFrom } from '../../../shared';
import type { IgnoredEvent, InboundEvent, OrderStatus } from '../../../shared';
import { describeZodError, parseJsonLosslessly, platformIdSchema } from '../json';
import type { PmcCommonFrame } from './frames';

/**
 * PMC message type → normalised events, all in this one file.
 *
 * Source: the Pinduoduo open platform's message catalogue (消息服务 → 消息列表,
 * open.pinduoduo.com), public in outline only. The types Huixin uses:
 *   pdd_trade_TradeConfirmed     交易确认（成团，待发货） → paid
 *   pdd_trade_TradeSellerShip    卖家发货                → shipped
 *   pdd_trade_TradeSuccess       交易成功（确认收货）    → completed
 *   pdd_refund_RefundCreated     买家申请售后            → refund_requested
 *   pdd_refund_RefundSuccess     退款成功                → refunded
 * Each `content` carries `mall_id` and the order number `tid` (Pinduoduo order_sn, e.g.
 * "240501-123456789012345"), refunds also `refund_id`; no buyer, items or amounts, so every
 * message is completed with `pdd.order.information.get` (api.ts) before it is stored.
 * Anything else is recorded as ignored, never an error.
 *
 * BUYERS: Pinduoduo gives apps no buyer id or nickname (buyer data is masked), so each order
 * is its own customer (`pdd-order:<order_sn>`) and its thread holds that order's events.
 * Buyer chat (拼多多商家客服) has no public API for ISV apps: no chat here.
 */

interface TopicRule {
  status: OrderStatus;
  label: string;
  refund: boolean;
}

export const PINDUODUO_TOPICS: Readonly<Record<string, TopicRule>> = {
  pdd_trade_TradeConfirmed: { status: 'paid', label: '已成团，待发货', refund: false },
  pdd_trade_TradeSellerShip: { status: 'shipped', label: '卖家已发货', refund: false },
  pdd_trade_TradeSuccess: { status: 'completed', label: '买家已确认收货', refund: false },
  pdd_refund_RefundCreated: { status: 'refund_requested', label: '买家申请售后', refund: true },
  pdd_refund_RefundSuccess: { status: 'refunded', label: '退款成功', refund: true },
};

const contentSchema = z
  .object({
    mall_id: platformIdSchema.optional(),
    tid: z.string().regex(/^[\d-]{6,64}$/, 'a Pinduoduo order number'),
    refund_id: platformIdSchema.optional(),
  })
  .loose();

export interface PddOrderLookup {
  orderSn: string;
  dedupeKey: string;
  topic: string;
  rule: TopicRule;
  refundId: string | null;
  occurredAt: string;
}

export type PmcMapping = { kind: 'ignored'; ignored: IgnoredEvent } | { kind: 'lookup'; lookup: PddOrderLookup } | { kind: 'error'; error: string };

export function pmcDedupeKey(id: string): string {
  return `pinduoduo:pmc:${id}`;
}

export function mapPmcMessage(frame: PmcCommonFrame, mallId: string): PmcMapping {
  const dedupeKey = pmcDedupeKey(frame.id);
  const topic = frame.message.type;
  if (frame.message.mallID !== mallId) return { kind: 'ignored', ignored: { dedupeKey, platformType: topic, reason: `message for mall ${frame.message.mallID}` } };
  const rule = PINDUODUO_TOPICS[topic];
  if (!rule) return { kind: 'ignored', ignored: { dedupeKey, platformType: topic, reason: 'message type not used by Huixin' } };
  const json = parseJsonLosslessly(frame.message.content);
  if (!json.ok) return { kind: 'error', error: `${topic} content: ${json.error}` };
  const content = contentSchema.safeParse(json.value);
  if (!content.success) return { kind: 'error', error: `${topic} content: ${describeZodError(content.error)}` };
  if (rule.refund && content.data.refund_id === undefined) return { kind: 'error', error: `${topic} content: refund_id: required` };
  return {
    kind: 'lookup',
    lookup: {
      orderSn: content.data.tid,
      dedupeKey,
      topic,
      rule,
      refundId: content.data.refund_id ?? null,
      occurredAt: new Date(frame.sendTime).toISOString(),
    },
  };
}

/** What pdd.order.information.get answers (order_info_get_response.order_info), the fields Huixin reads. */
export const pddOrderInfoSchema = z.object({
  order_sn: z.string().min(1).max(64),
  /** Yuan as a JSON number (e.g. 16.8). */
  pay_amount: z.number().nonnegative(),
  /** "yyyy-MM-dd HH:mm:ss", Beijing time. */
  created_time: z.string().max(40),
  buyer_memo: z.string().max(5000).default(''),
  item_list: z
    .array(
      z.object({
        goods_name: z.string().max(500),
        goods_count: z.number().int().positive(),
        goods_price: z.number().nonnegative(),
        outer_id: z.string().max(128).optional(),
      }),
    )
    .max(500)
    .default([]),
  /**
   * 快递公司编号 and 快递运单号 (pdd.order.information.get; field list as in the public SDK typings,
   * e.g. github.com/lywzx/pdd-node-sdk PddOrderInformationGet): 0 / "" before shipping. The
   * number is Pinduoduo's own carrier id (pdd.logistics.companies.get), named through the
   * shared carrier table.
   */
  logistics_id: z.union([z.number().int().nonnegative(), z.string().max(32)]).optional(),
  tracking_number: z.string().max(100).optional(),
});
export type PddOrderInfo = z.infer<typeof pddOrderInfoSchema>;

export function pddOrderEvent(lookup: PddOrderLookup, info: PddOrderInfo): InboundEvent {
  const total = yuan(info.pay_amount);
  const createdAt = beijingToIso(info.created_time) ?? lookup.occurredAt;
  const tail = info.order_sn.slice(-4);
  return {
    type: 'order.upserted',
    dedupeKey: lookup.dedupeKey,
    customer: { platformUserId: `pdd-order:${info.order_sn}`, nickname: `拼多多买家 (订单尾号 ${tail})`, locale: 'zh-CN', email: null },
    order: {
      platformOrderId: info.order_sn,
      status: lookup.rule.status,
      currency: 'CNY',
      totalAmount: total,
      items: info.item_list.map((item) => ({ title: item.goods_name, sku: item.outer_id ?? null, quantity: item.goods_count, unitPrice: yuan(item.goods_price) })),
      logistics: info.logistics_id === 0 ? null : logisticsFrom(info.logistics_id === undefined ? undefined : String(info.logistics_id), info.tracking_number, 'pinduoduo'),
      createdAt,
      updatedAt: lookup.occurredAt,
    },
    note: `${lookup.rule.label} · 订单 ${info.order_sn} · ¥${total}${lookup.refundId !== null ? ` · 售后单 ${lookup.refundId}` : ''}`,
    occurredAt: lookup.occurredAt,
  };
}

/** Yuan as a JSON number → "12.30" (rounded to the fen: 16.8 is 1680 fen, not 1679.9999). */
function yuan(amount: number): string {
  const fen = Math.round(amount * 100);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function beijingToIso(time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(time)) return null;
  return `${time.replace(' ', 'T')}+08:00`;
}
