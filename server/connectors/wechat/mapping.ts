import { z } from 'zod';
import { logisticsFrom } from '../../../shared';
import type { EventCustomer, IgnoredEvent, InboundEvent, Logistics, OrderStatus } from '../../../shared';
import { describeZodError, platformIdSchema } from '../json';
import { aftersaleCallbackSchema, envelopeSchema, imageMessageSchema, orderCallbackSchema, textMessageSchema, voiceMessageSchema } from './payloads';

/**
 * WeChat push → normalised events, all in this one file.
 *
 * Sources (public): Official Account "接收普通消息" and "接收事件推送"
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/), WeChat Store (微信小店) order
 * and after-sale callbacks (developers.weixin.qq.com/doc/store/shop/notify/) and its order /
 * after-sale APIs (/channels/ec/order/get, /channels/ec/aftersale/getaftersaleorder).
 *
 * - text, image, voice (with speech recognition) → `message.received`, kind chat, one thread
 *   per follower (open id). Dedupe: `wechat:msg:<MsgId>`.
 * - channels_ec_order_new / _pay / _deliver / _confirm / _cancel → the callback carries only
 *   the order id, so the order is fetched (order/get) and stored as `order.upserted`.
 * - channels_ec_aftersale_update → the after-sale order is fetched, then its order: `order.upserted`
 *   with status refund_requested (refunded once the merchant refunded).
 *   Dedupe for events, as WeChat advises: FromUserName + CreateTime (+ event and id).
 * - everything else (subscribe, menu clicks, location, link, video, settle …) → ignored.
 *
 * Buyers are identified by open id; WeChat gives no nickname to servers, so the name shown is
 * "微信用户" with the last characters of the open id.
 */

export const WECHAT_ORDER_EVENTS: Readonly<Record<string, string>> = {
  channels_ec_order_new: 'placed',
  channels_ec_order_pay: 'paid',
  channels_ec_order_deliver: 'shipped',
  channels_ec_order_confirm: 'received by the buyer',
  channels_ec_order_cancel: 'cancelled',
};
export const WECHAT_AFTERSALE_EVENT = 'channels_ec_aftersale_update';

export type WeChatMapping =
  | { ok: true; events: InboundEvent[]; ignored: IgnoredEvent[] }
  | { ok: true; lookup: { kind: 'order'; orderId: string; event: string; dedupeKey: string } }
  | { ok: true; lookup: { kind: 'aftersale'; afterSaleOrderId: string; dedupeKey: string } }
  | { ok: false; error: string };

export function mapWeChatPush(value: Record<string, unknown>): WeChatMapping {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, error: `WeChat push: ${describeZodError(envelope.error)}` };
  const e = envelope.data;
  const sentAt = new Date(Number(e.CreateTime) * 1000).toISOString();
  const customer = followerCustomer(e.FromUserName);

  const chat = (message: { MsgId: string }, body: string): WeChatMapping => ({
    ok: true,
    ignored: [],
    events: [
      {
        type: 'message.received',
        dedupeKey: `wechat:msg:${message.MsgId}`,
        customer,
        kind: 'chat',
        platformThreadId: null,
        subject: null,
        platformMessageId: message.MsgId,
        body: body.slice(0, 20_000),
        sentAt,
      },
    ],
  });

  switch (e.MsgType) {
    case 'text': {
      const m = textMessageSchema.safeParse(value);
      return m.success ? chat(m.data, m.data.Content) : { ok: false, error: `WeChat text message: ${describeZodError(m.error)}` };
    }
    case 'image': {
      const m = imageMessageSchema.safeParse(value);
      return m.success ? chat(m.data, `[图片 image] ${m.data.PicUrl}`) : { ok: false, error: `WeChat image message: ${describeZodError(m.error)}` };
    }
    case 'voice': {
      const m = voiceMessageSchema.safeParse(value);
      if (!m.success) return { ok: false, error: `WeChat voice message: ${describeZodError(m.error)}` };
      return chat(m.data, m.data.Recognition ? `[语音 voice] ${m.data.Recognition}` : '[语音 voice]');
    }
    case 'event':
      break;
    default:
      return ignore(`wechat:msg:${e.FromUserName}:${e.CreateTime}:${e.MsgType}`, e.MsgType, 'message type not used by Huixin');
  }

  const event = e.Event ?? '';
  const eventKey = `wechat:event:${e.FromUserName}:${e.CreateTime}:${event}`;
  if (WECHAT_ORDER_EVENTS[event] !== undefined) {
    const callback = orderCallbackSchema.safeParse(value);
    if (!callback.success) return { ok: false, error: `WeChat ${event}: ${describeZodError(callback.error)}` };
    return { ok: true, lookup: { kind: 'order', orderId: callback.data.order_info.order_id, event, dedupeKey: `${eventKey}:${callback.data.order_info.order_id}` } };
  }
  if (event === WECHAT_AFTERSALE_EVENT) {
    const callback = aftersaleCallbackSchema.safeParse(value);
    if (!callback.success) return { ok: false, error: `WeChat ${event}: ${describeZodError(callback.error)}` };
    const update = callback.data.finder_shop_aftersale_status_update;
    return { ok: true, lookup: { kind: 'aftersale', afterSaleOrderId: update.after_sale_order_id, dedupeKey: `${eventKey}:${update.after_sale_order_id}:${update.status}` } };
  }
  return ignore(eventKey, `event:${event}`, 'event not used by Huixin');
}

function ignore(dedupeKey: string, platformType: string, reason: string): WeChatMapping {
  return { ok: true, events: [], ignored: [{ dedupeKey, platformType, reason }] };
}

export function followerCustomer(openId: string): EventCustomer {
  return { platformUserId: openId, nickname: `微信用户 ${openId.slice(-4)}`, locale: null, email: null };
}

/** The order as /channels/ec/order/get returns it (amounts in fen). */
export const wechatOrderSchema = z.object({
  order_id: platformIdSchema,
  openid: z.string().min(1).max(128),
  status: z.coerce.number().int(),
  create_time: z.coerce.number().int().positive(),
  update_time: z.coerce.number().int().positive(),
  order_detail: z.object({
    product_infos: z
      .array(z.object({ title: z.string().max(500), sku_id: platformIdSchema.optional(), sku_cnt: z.coerce.number().int().positive(), sale_price: z.coerce.number().int().nonnegative() }).loose())
      .max(500),
    price_info: z.object({ order_price: z.coerce.number().int().nonnegative() }).loose(),
    /**
     * One entry per parcel once shipped (order/get `order_detail.delivery_info.delivery_product_info`:
     * `waybill_id`, `delivery_id` = the carrier code from WeChat Store's carrier list such as
     * "YTO", `delivery_name`, `delivery_time`; developers.weixin.qq.com/doc/store/shop API 订单详情).
     */
    delivery_info: z
      .object({
        delivery_product_info: z
          .array(z.object({ waybill_id: z.string().max(100).optional(), delivery_id: z.string().max(64).optional(), delivery_name: z.string().max(100).optional(), delivery_time: z.coerce.number().int().nonnegative().optional() }).loose())
          .max(50)
          .default([]),
      })
      .loose()
      .optional(),
  }).loose(),
}).loose();
export type WeChatOrder = z.infer<typeof wechatOrderSchema>;

export const wechatAftersaleSchema = z.object({
  after_sale_order_id: platformIdSchema,
  order_id: platformIdSchema,
  status: z.string().max(64),
}).loose();

/** WeChat Store order status codes (订单状态): 10 unpaid, 20 paid, 21 partly shipped, 30 shipped, 100 done, 200 cancelled after full after-sale, 250 cancelled. */
export function orderStatusOf(code: number): OrderStatus {
  if (code === 250) return 'cancelled';
  if (code === 200) return 'refunded';
  if (code === 100) return 'completed';
  if (code === 30 || code === 21) return 'shipped';
  if (code === 20) return 'paid';
  return 'created';
}

/** After-sale statuses after which the money went back to the buyer. */
const REFUNDED = new Set(['MERCHANT_REFUND_SUCCESS', 'MERCHANT_REFUND_RETRY_FAIL_SUCCESS']);

export function orderEvent(order: WeChatOrder, dedupeKey: string, what: { event: string } | { aftersaleStatus: string }): InboundEvent {
  const status: OrderStatus = 'aftersaleStatus' in what ? (REFUNDED.has(what.aftersaleStatus) ? 'refunded' : 'refund_requested') : orderStatusOf(order.status);
  const total = fen(order.order_detail.price_info.order_price);
  const note =
    'aftersaleStatus' in what
      ? `Order ${order.order_id}: after-sale request (${what.aftersaleStatus})`
      : `Order ${order.order_id} ${WECHAT_ORDER_EVENTS[what.event] ?? 'updated'}: CNY ${total}`;
  return {
    type: 'order.upserted',
    dedupeKey,
    customer: followerCustomer(order.openid),
    order: {
      platformOrderId: order.order_id,
      status,
      currency: 'CNY',
      totalAmount: total,
      items: order.order_detail.product_infos.map((p) => ({ title: p.title, sku: p.sku_id ?? null, quantity: p.sku_cnt, unitPrice: fen(p.sale_price) })),
      logistics: shippedWith(order),
      createdAt: new Date(order.create_time * 1000).toISOString(),
      updatedAt: new Date(order.update_time * 1000).toISOString(),
    },
    note,
    occurredAt: new Date(order.update_time * 1000).toISOString(),
  };
}

/** The latest parcel with a carrier and waybill (the carrier's name when its code is blank). */
function shippedWith(order: WeChatOrder): Logistics | null {
  const parcels = [...(order.order_detail.delivery_info?.delivery_product_info ?? [])].sort((a, b) => (b.delivery_time ?? 0) - (a.delivery_time ?? 0));
  for (const parcel of parcels) {
    const logistics = logisticsFrom(parcel.delivery_id || parcel.delivery_name, parcel.waybill_id);
    if (logistics) return logistics;
  }
  return null;
}

function fen(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}
