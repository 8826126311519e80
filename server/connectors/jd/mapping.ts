import { z } from 'zod';
import { logisticsFrom, moneySchema } from '../../../shared';
import type { IgnoredEvent, InboundEvent, OrderStatus } from '../../../shared';
import { platformIdSchema } from '../json';
import { josTimeToIso } from './sign';
import { toReviewImages, type ReviewReceivedEvent } from '../../../shared';

/**
 * JD POP orders (jingdong.pop.order.enSearch, searchorderinfo_result.orderInfoList) →
 * normalised events, all in this one file.
 *
 * Source: the JOS API page of jingdong.pop.order.enSearch (jos.jd.com, public in outline):
 * orderId, venderId, orderState, orderTotalPrice / orderPayment (yuan strings),
 * orderStartTime and modified (GMT+8), the buyer as `open_id_buyer` (the encrypted id JD
 * gives apps; older answers carry `pin`), itemInfoList (skuId, skuName, itemTotal, jdPrice),
 * orderRemark. The order states Huixin uses:
 *   WAIT_SELLER_STOCK_OUT       等待出库        → paid
 *   WAIT_GOODS_RECEIVE_CONFIRM  等待确认收货    → shipped
 *   FINISHED_L                  完成            → completed
 *   TRADE_CANCELED              已取消          → cancelled
 *   LOCKED                      已锁定（售后/取消申请中） → refund_requested
 * Other states are recorded as ignored. One event per (order, modified, state): a re-read of
 * an unchanged order is the same dedupe key, stored once.
 */

export const JD_ORDER_STATES: Readonly<Record<string, { status: OrderStatus; label: string }>> = {
  WAIT_SELLER_STOCK_OUT: { status: 'paid', label: '买家已付款，等待出库' },
  WAIT_GOODS_RECEIVE_CONFIRM: { status: 'shipped', label: '已出库，等待确认收货' },
  FINISHED_L: { status: 'completed', label: '交易完成' },
  TRADE_CANCELED: { status: 'cancelled', label: '订单已取消' },
  LOCKED: { status: 'refund_requested', label: '订单已锁定（售后或取消申请中）' },
};

export const jdOrderSchema = z.object({
  orderId: platformIdSchema,
  venderId: platformIdSchema,
  orderState: z.string().min(1).max(64),
  orderTotalPrice: moneySchema,
  orderPayment: moneySchema.optional(),
  orderStartTime: z.string().max(40),
  modified: z.string().max(40),
  open_id_buyer: z.string().min(1).max(256).optional(),
  pin: z.string().min(1).max(256).optional(),
  orderRemark: z.string().max(5000).default(''),
  itemInfoList: z
    .array(z.object({ skuId: platformIdSchema, skuName: z.string().max(500), itemTotal: z.coerce.number().int().positive(), jdPrice: moneySchema }))
    .max(500)
    .default([]),
  /**
   * Carrier id and waybill number(s) once shipped (enSearch optional_fields `logisticsId`,
   * `waybill`; several waybills are comma-separated — the first is kept). JD's carrier ids
   * are named through the shared carrier table; an id it does not know is kept as it is.
   */
  logisticsId: z.union([z.string().max(32), z.number().int().nonnegative()]).transform(String).optional(),
  waybill: z.string().max(500).optional(),
});
export type JdOrder = z.infer<typeof jdOrderSchema>;

export function jdDedupeKey(order: Pick<JdOrder, 'orderId' | 'modified' | 'orderState'>): string {
  return `jd:order:${order.orderId}:${order.modified}:${order.orderState}`;
}

export type JdMapping = { kind: 'event'; event: InboundEvent } | { kind: 'ignored'; ignored: IgnoredEvent } | { kind: 'error'; error: string };

export function mapJdOrder(order: JdOrder, venderId: string): JdMapping {
  const dedupeKey = jdDedupeKey(order);
  if (order.venderId !== venderId) return { kind: 'ignored', ignored: { dedupeKey, platformType: order.orderState, reason: `order of vender ${order.venderId}` } };
  const state = JD_ORDER_STATES[order.orderState];
  if (!state) return { kind: 'ignored', ignored: { dedupeKey, platformType: order.orderState, reason: 'order state not used by Huixin' } };
  const buyer = order.open_id_buyer ?? order.pin;
  if (buyer === undefined) return { kind: 'error', error: `order ${order.orderId}: neither open_id_buyer nor pin` };
  const modified = josTimeToIso(order.modified);
  const started = josTimeToIso(order.orderStartTime);
  if (modified === null || started === null) return { kind: 'error', error: `order ${order.orderId}: times are not "yyyy-MM-dd HH:mm:ss"` };
  const total = order.orderPayment ?? order.orderTotalPrice;
  return {
    kind: 'event',
    event: {
      type: 'order.upserted',
      dedupeKey,
      // JD shows apps an encrypted buyer id, not the pin; its tail tells buyers apart.
      customer: { platformUserId: buyer, nickname: `京东用户 ${buyer.slice(-4)}`, locale: 'zh-CN', email: null },
      order: {
        platformOrderId: order.orderId,
        status: state.status,
        currency: 'CNY',
        totalAmount: total,
        items: order.itemInfoList.map((item) => ({ title: item.skuName, sku: item.skuId, quantity: item.itemTotal, unitPrice: item.jdPrice })),
        logistics: logisticsFrom(order.logisticsId, order.waybill?.split(',')[0], 'jd'),
        createdAt: started,
        updatedAt: modified,
      },
      note: `${state.label} · 订单 ${order.orderId} · ¥${total}${order.orderRemark ? ` · 买家备注：${order.orderRemark.slice(0, 300)}` : ''}`,
      occurredAt: modified,
    },
  };
}

/**
 * JD POP product comments (商品评价) → review events.
 *
 * Source: the JOS API jingdong.pop.PopCommentJsfService.getVenderCommentsForJos (jos.jd.com,
 * api 2442, public in outline) and JD's public Java SDK (`jd-sdk-java`, package
 * com.jd.open.api.sdk.domain.evaluation.PopCommentJsfService: PopCommentJosVo, ImageUgcVo,
 * PopCommentReplyVo). A comment: commentId, skuid, skuName, content, creationTime, score
 * (1–5 stars), images[{id, imgUrl, imgTitle}], replies[{replyId, content, creationTime,
 * nickName}], isVenderReply, nickName (masked), orderId, and the buyer as open_id_buyer
 * (the same encrypted id as on orders, so a buyer's comments and orders meet in one
 * customer) or pin on older answers. JOS writes times as "yyyy-MM-dd HH:mm:ss" (GMT+8);
 * epoch milliseconds are accepted too. Pictures are often protocol-relative
 * (//img30.360buyimg.com/…): read as https (shared/domain/review-images.ts).
 *
 * One event per comment id (`jd:comment:<commentId>`): a comment read again by an
 * overlapping poll window is a duplicate. A reply the shop already wrote (in JD's
 * workbench) comes along as the review's seller reply.
 */
const josTimeSchema = z.union([z.string().max(40), z.number().int().nonnegative()]);

export const jdCommentSchema = z.object({
  commentId: platformIdSchema,
  skuid: platformIdSchema.optional(),
  skuName: z.string().max(500).default(''),
  content: z.string().max(20_000).default(''),
  creationTime: josTimeSchema,
  score: z.coerce.number().int().min(1).max(5),
  nickName: z.string().max(256).optional(),
  orderId: platformIdSchema.nullish(),
  open_id_buyer: z.string().min(1).max(256).optional(),
  pin: z.string().min(1).max(256).optional(),
  isVenderReply: z.boolean().nullish(),
  images: z
    .array(z.object({ imgUrl: z.string().max(2000), imgTitle: z.string().max(500).nullish() }).loose())
    .max(100)
    .nullish(),
  replies: z
    .array(z.object({ content: z.string().max(20_000), creationTime: josTimeSchema.nullish(), nickName: z.string().max(256).nullish() }).loose())
    .max(100)
    .nullish(),
});
export type JdComment = z.infer<typeof jdCommentSchema>;

export function jdCommentDedupeKey(commentId: string): string {
  return `jd:comment:${commentId}`;
}

function josTimeOf(value: string | number): string | null {
  return typeof value === 'number' ? new Date(value).toISOString() : josTimeToIso(value);
}

export type JdCommentMapping = { kind: 'event'; event: ReviewReceivedEvent } | { kind: 'error'; error: string };

export function mapJdComment(comment: JdComment): JdCommentMapping {
  const buyer = comment.open_id_buyer ?? comment.pin;
  if (buyer === undefined) return { kind: 'error', error: `comment ${comment.commentId}: neither open_id_buyer nor pin` };
  const created = josTimeOf(comment.creationTime);
  if (created === null) return { kind: 'error', error: `comment ${comment.commentId}: creationTime is not "yyyy-MM-dd HH:mm:ss"` };
  const shopReply = comment.isVenderReply === false ? undefined : comment.replies?.[0];
  const repliedAt = shopReply?.creationTime != null ? josTimeOf(shopReply.creationTime) : null;
  return {
    kind: 'event',
    event: {
      type: 'review.received',
      dedupeKey: jdCommentDedupeKey(comment.commentId),
      // The same customer as the buyer's JD orders (mapJdOrder): same id, same name.
      customer: { platformUserId: buyer, nickname: `京东用户 ${buyer.slice(-4)}`, locale: 'zh-CN', email: null },
      platformReviewId: comment.commentId,
      rating: comment.score,
      body: comment.content,
      productTitle: comment.skuName,
      platformProductId: comment.skuid ?? null,
      platformOrderId: comment.orderId ?? null,
      images: toReviewImages((comment.images ?? []).map((image) => ({ url: image.imgUrl }))),
      sellerReply: shopReply && shopReply.content.trim() !== '' ? { body: shopReply.content, at: repliedAt ?? created } : null,
      sentAt: created,
    },
  };
}
