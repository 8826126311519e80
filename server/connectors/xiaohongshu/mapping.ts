import { createHash } from 'node:crypto';
import { z } from 'zod';
import { logisticsFrom } from '../../../shared';
import type { IgnoredEvent, InboundEvent, OrderStatus } from '../../../shared';
import { describeZodError, parseJsonLosslessly, platformIdSchema } from '../json';
import type { XiaohongshuOrderDetail, XiaohongshuPushMessage } from './payloads';

/**
 * ALL of Xiaohongshu's message types Huixin uses, in one place. Sources (thin, public in
 * outline): open.xiaohongshu.com 应用消息推送指南 (message list, 2022-05-25) and the message
 * documents "订单状态变更 msg_fulfillment_status_change" (developer/file/115) and
 * "发起售后申请 msg_after_sale_create" (developer/file/119).
 *
 *   msg_fulfillment_status_change  orderId, orderStatus, updateTime (ms)
 *     orderStatus: 1 已下单待付款 2 已支付处理中 3 清关中 4 待发货 5 部分发货 6 待收货
 *                  7 已完成 8 已关闭 (售后完成，订单关闭) 9 已取消 10 换货申请中
 *   msg_after_sale_create          returnsId, orderId, returnType, refundFee (元), updateTime (ms)
 *
 * Every other tag (receiver change, remark change, item messages …) is recorded as ignored.
 *
 * Dedupe: the push has no message id. The documents warn that status 4 may be pushed twice
 * for one order ("待发货" and "已拣选" both become 4: "需要isv做好幂等"), so an order message
 * is keyed by order and STATUS (`xiaohongshu:order:<orderId>:<orderStatus>`): one event per
 * status an order reaches. An after-sale by its own id (`xiaohongshu:aftersale:<returnsId>`).
 *
 * Pushes carry no buyer, items or amount, so each is completed with order.getOrderDetail
 * (webhook.ts). Xiaohongshu gives ISV apps no buyer identity there either, so each order is
 * its own customer (`xhs-order:<orderId>`), as with Pinduoduo. Buyer chat (商家私信 / 客服)
 * and reviews have no public API for third-party apps: no chat, no reviews here.
 */

export const ORDER_TAG = 'msg_fulfillment_status_change';
export const AFTER_SALE_TAG = 'msg_after_sale_create';

const ORDER_STATUSES: Readonly<Record<number, { status: OrderStatus; label: string }>> = {
  1: { status: 'created', label: '已下单待付款' },
  2: { status: 'paid', label: '已支付处理中' },
  3: { status: 'paid', label: '清关中' },
  4: { status: 'paid', label: '待发货' },
  5: { status: 'shipped', label: '部分发货' },
  6: { status: 'shipped', label: '已发货待收货' },
  7: { status: 'completed', label: '已完成' },
  8: { status: 'refunded', label: '售后完成，订单关闭' },
  9: { status: 'cancelled', label: '已取消' },
  10: { status: 'refund_requested', label: '换货申请中' },
};

const orderDataSchema = z.object({ orderId: z.string().min(1).max(128), orderStatus: z.number().int(), updateTime: z.number().int().positive() }).loose();
const afterSaleDataSchema = z
  .object({
    returnsId: platformIdSchema,
    orderId: z.string().min(1).max(128),
    returnType: z.number().int().optional(),
    refundFee: z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/)]).optional(),
    updateTime: z.number().int().positive(),
  })
  .loose();

/** A message that must be completed with the order's details before it can be stored. */
export interface OrderLookup {
  orderId: string;
  dedupeKey: string;
  platformType: string;
  status: OrderStatus;
  label: string;
  occurredAt: string;
  refundFee: string | null;
}

export type XiaohongshuMapping = { kind: 'ignored'; ignored: IgnoredEvent } | { kind: 'lookup'; lookup: OrderLookup } | { kind: 'error'; error: string };

export function mapXiaohongshuMessage(message: XiaohongshuPushMessage, sellerId: string): XiaohongshuMapping {
  const json = parseJsonLosslessly(message.data);
  if (message.msgTag !== ORDER_TAG && message.msgTag !== AFTER_SALE_TAG) {
    // Unknown types need a stable key too: the tag and the exact data identify the message.
    return { kind: 'ignored', ignored: { dedupeKey: `xiaohongshu:other:${message.msgTag}:${hashish(message.data)}`, platformType: message.msgTag, reason: 'message type not used by Huixin' } };
  }
  if (!json.ok) return { kind: 'error', error: `${message.msgTag} data: ${json.error}` };

  if (message.msgTag === ORDER_TAG) {
    const data = orderDataSchema.safeParse(json.value);
    if (!data.success) return { kind: 'error', error: `${message.msgTag} data: ${describeZodError(data.error)}` };
    const dedupeKey = `xiaohongshu:order:${data.data.orderId}:${data.data.orderStatus}`;
    if (message.sellerId !== sellerId) return { kind: 'ignored', ignored: { dedupeKey, platformType: ORDER_TAG, reason: `message for seller ${message.sellerId}` } };
    const rule = ORDER_STATUSES[data.data.orderStatus];
    if (!rule) return { kind: 'ignored', ignored: { dedupeKey, platformType: `${ORDER_TAG}:${data.data.orderStatus}`, reason: 'order status not used by Huixin' } };
    return {
      kind: 'lookup',
      lookup: { orderId: data.data.orderId, dedupeKey, platformType: ORDER_TAG, status: rule.status, label: rule.label, occurredAt: new Date(data.data.updateTime).toISOString(), refundFee: null },
    };
  }

  const data = afterSaleDataSchema.safeParse(json.value);
  if (!data.success) return { kind: 'error', error: `${message.msgTag} data: ${describeZodError(data.error)}` };
  const dedupeKey = `xiaohongshu:aftersale:${data.data.returnsId}`;
  if (message.sellerId !== sellerId) return { kind: 'ignored', ignored: { dedupeKey, platformType: AFTER_SALE_TAG, reason: `message for seller ${message.sellerId}` } };
  const fee = data.data.refundFee === undefined ? null : Number(data.data.refundFee).toFixed(2);
  return {
    kind: 'lookup',
    lookup: { orderId: data.data.orderId, dedupeKey, platformType: AFTER_SALE_TAG, status: 'refund_requested', label: '买家申请售后', occurredAt: new Date(data.data.updateTime).toISOString(), refundFee: fee },
  };
}

/** The stored event: the push's status and time, the order's items and total. */
export function xiaohongshuOrderEvent(lookup: OrderLookup, detail: XiaohongshuOrderDetail): InboundEvent {
  const total = yuan(detail.totalPayAmount);
  const refund = lookup.refundFee !== null ? ` · 退款 ¥${lookup.refundFee}` : '';
  const remark = detail.customerRemark && lookup.status === 'created' ? ` · 买家备注：${detail.customerRemark.slice(0, 300)}` : '';
  return {
    type: 'order.upserted',
    dedupeKey: lookup.dedupeKey,
    customer: {
      // No buyer identity for ISV apps: the order is its own customer.
      platformUserId: `xhs-order:${detail.orderId}`,
      nickname: `小红书买家 ${detail.orderId.slice(-4)}`,
      locale: 'zh-CN',
      email: null,
    },
    order: {
      platformOrderId: detail.orderId,
      status: lookup.status,
      currency: 'CNY',
      totalAmount: total,
      items: detail.skuList.map((sku) => ({
        title: sku.skuName,
        sku: sku.skuId,
        quantity: sku.skuQuantity,
        unitPrice: yuan(Math.round(sku.totalPaidAmount / sku.skuQuantity)),
      })),
      logistics: logisticsFrom(detail.expressCompanyCode, detail.expressTrackingNo),
      createdAt: new Date(detail.createdTime).toISOString(),
      updatedAt: lookup.occurredAt,
    },
    note: `${lookup.label} · 订单 ${detail.orderId} · ¥${total}${refund}${remark}`,
    occurredAt: lookup.occurredAt,
  };
}

function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** A short stable digest of a message's data, for the keys of ignored messages. */
function hashish(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}
