import { createHash } from 'node:crypto';
import { z } from 'zod';
import { moneySchema } from '../../../shared';
import type { EventCustomer, IgnoredEvent, InboundEvent, OrderStatus, ReviewReceivedEvent } from '../../../shared';
import { describeZodError, parseJsonLosslessly, platformIdSchema } from '../json';
import { toReviewImages } from '../../../shared';
import type { TmcMessageFrame } from './frames';
import { topTimeToIso } from './sign';

/**
 * TMC topic → normalised events, all in this one file.
 *
 * Sources for the topics and their `content` fields (public):
 * - Topic names: Taobao Open Platform message catalogue (消息类目, open.taobao.com/tmc.htm),
 *   e.g. taobao_trade_TradeCreate / TradeBuyerPay / TradeSellerShip / TradeSuccess /
 *   TradeRated and taobao_refund_RefundCreated, as subscribed by many public ISV codebases.
 * - Trade fields (tid, oid, buyer_nick, buyer_open_uid, seller_nick, payment, status, type)
 *   and TradeRated's `rater`: the topic definitions (e.g. developer.alibaba.com
 *   docs/topicDetail.htm) and the public TypeScript typings of the TMC topics.
 * - Refund fields (refund_id, tid, oid, buyer_nick, refund_fee, refund_phase, modified).
 *
 * Trade messages are notifications: they carry no line items, so the order events mapped
 * here have an empty item list and the paid amount; the TMC client completes them with
 * TOP `taobao.trade.fullinfo.get` (see tradeDetails.ts). TradeRated carries no rating or text either; the
 * review is fetched with TOP `taobao.traderates.get` (see topApi.ts) before it is stored.
 *
 * BUYER CHAT: Taobao publishes no TMC topic that pushes Wangwang/Qianniu buyer messages to
 * ISV apps (customer-service chat stays inside Qianniu). Huixin therefore defines its own,
 * clearly non-Taobao topic name, `huixin_taobao_BuyerChatMessage`, with the fields below;
 * the emulator publishes it, and a real deployment needs a bridge that publishes it.
 */

export const TAOBAO_TOPICS = {
  tradeCreate: 'taobao_trade_TradeCreate',
  tradeBuyerPay: 'taobao_trade_TradeBuyerPay',
  tradeSellerShip: 'taobao_trade_TradeSellerShip',
  tradeSuccess: 'taobao_trade_TradeSuccess',
  tradeRated: 'taobao_trade_TradeRated',
  refundCreated: 'taobao_refund_RefundCreated',
  /** ASSUMED topic, not published by Taobao: see the comment above. */
  buyerChatMessage: 'huixin_taobao_BuyerChatMessage',
} as const;

/**
 * Taobao nicks are short, but a message is never refused for a long one: the buyer's text
 * would be lost with it. Nicks past what Huixin stores are shortened for display and
 * replaced by a digest as the buyer's id (see customerOf).
 */
const buyerFields = {
  buyer_nick: z.string().min(1).max(4096),
  /** Taobao's encrypted buyer id, meant to replace buyer_nick as the stable identifier. */
  buyer_open_uid: z.string().min(1).max(256).optional(),
  seller_nick: z.string().max(128).optional(),
};

export const tradeContentSchema = z.object({
  ...buyerFields,
  tid: platformIdSchema,
  oid: platformIdSchema.optional(),
  payment: moneySchema.optional(),
  status: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
});

export const refundContentSchema = z.object({
  ...buyerFields,
  refund_id: platformIdSchema,
  tid: platformIdSchema,
  oid: platformIdSchema.optional(),
  refund_fee: moneySchema,
  refund_phase: z.string().max(64).optional(),
  modified: z.string().max(40).optional(),
});

export const tradeRatedContentSchema = z.object({
  ...buyerFields,
  tid: platformIdSchema,
  oid: platformIdSchema,
  /** buyer | seller | unknown: only buyers' reviews reach the inbox. */
  rater: z.string().max(16).optional(),
});

export const buyerChatContentSchema = z.object({
  ...buyerFields,
  msg_id: platformIdSchema,
  content: z.string().min(1).max(20_000),
  send_time: z.string().max(40),
  /** Set when the buyer wrote from an order page. */
  tid: platformIdSchema.optional(),
});

/** A trade review as `taobao.traderates.get` returns it (trade_rates.trade_rate[]). */
export const tradeRateSchema = z.object({
  tid: platformIdSchema,
  oid: platformIdSchema,
  role: z.string().max(16).optional(),
  nick: z.string().max(128).optional(),
  /** good | neutral | bad: Taobao reviews are three-level, not stars. */
  result: z.enum(['good', 'neutral', 'bad']),
  created: z.string().max(40),
  item_title: z.string().max(500).default(''),
  content: z.string().max(20_000).default(''),
  /** The item's numeric id (public TradeRate field `num_iid`). */
  num_iid: platformIdSchema.optional(),
  /** The seller's explanation already given (public TradeRate field `reply`). */
  reply: z.string().max(20_000).optional(),
  /**
   * ASSUMED, not public: Taobao's public TradeRate (taobao-sdk-java com.taobao.api.domain.
   * TradeRate; github.com/bububa/opentaobao model/traderate/TradeRate.go) has NO picture
   * field — buyers' pictures (买家秀) are not given to ISV apps through traderates.get.
   * Huixin asks for `pic_urls` (comma-separated, TOP's usual list form) so that a bridge or
   * a TOP version that grants picture access can hand them over; the emulator serves it.
   * Absent: the review has no pictures in Huixin.
   */
  pic_urls: z.string().max(20_000).optional(),
});
export type TradeRate = z.infer<typeof tradeRateSchema>;

export interface ReviewLookup {
  tid: string;
  oid: string;
  dedupeKey: string;
  customer: EventCustomer;
  pubTime: string;
}

export type TmcMapping =
  | { kind: 'events'; events: InboundEvent[]; ignored: IgnoredEvent[] }
  /** The message says a review exists; fetch it (taobao.traderates.get), then `reviewEvent`. */
  | { kind: 'review'; lookup: ReviewLookup }
  | { kind: 'error'; error: string };

const TRADE_STATUS: Record<string, { status: OrderStatus; label: string }> = {
  [TAOBAO_TOPICS.tradeCreate]: { status: 'created', label: '买家已下单' },
  [TAOBAO_TOPICS.tradeBuyerPay]: { status: 'paid', label: '买家已付款' },
  [TAOBAO_TOPICS.tradeSellerShip]: { status: 'shipped', label: '卖家已发货' },
  [TAOBAO_TOPICS.tradeSuccess]: { status: 'completed', label: '交易成功' },
};

export function tmcDedupeKey(messageId: string): string {
  return `taobao:tmc:${messageId}`;
}

export function mapTmcMessage(frame: TmcMessageFrame): TmcMapping {
  const dedupeKey = tmcDedupeKey(frame.id);
  const pubTime = topTimeToIso(frame.pub_time);
  if (pubTime === null) return { kind: 'error', error: `pub_time "${frame.pub_time}" is not "yyyy-MM-dd HH:mm:ss"` };
  const known = Object.values<string>(TAOBAO_TOPICS).includes(frame.topic);
  if (!known) {
    return { kind: 'events', events: [], ignored: [{ dedupeKey, platformType: frame.topic, reason: 'topic not used by Huixin' }] };
  }
  const json = parseJsonLosslessly(frame.content);
  if (!json.ok) return { kind: 'error', error: `${frame.topic} content: ${json.error}` };
  const content = json.value;

  const trade = TRADE_STATUS[frame.topic];
  if (trade) {
    const parsed = tradeContentSchema.safeParse(content);
    if (!parsed.success) return contentError(frame.topic, parsed.error);
    const c = parsed.data;
    const amount = c.payment ?? '0.00';
    return {
      kind: 'events',
      ignored: [],
      events: [
        {
          type: 'order.upserted',
          dedupeKey,
          customer: customerOf(c),
          order: { platformOrderId: c.tid, status: trade.status, currency: 'CNY', totalAmount: amount, items: [], createdAt: pubTime, updatedAt: pubTime },
          note: `${trade.label} · 订单 ${c.tid}${c.payment ? ` · ¥${c.payment}` : ''}`,
          occurredAt: pubTime,
        },
      ],
    };
  }

  switch (frame.topic) {
    case TAOBAO_TOPICS.refundCreated: {
      const parsed = refundContentSchema.safeParse(content);
      if (!parsed.success) return contentError(frame.topic, parsed.error);
      const c = parsed.data;
      const at = (c.modified ? topTimeToIso(c.modified) : null) ?? pubTime;
      return {
        kind: 'events',
        ignored: [],
        events: [
          {
            type: 'order.upserted',
            dedupeKey,
            customer: customerOf(c),
            // The refund message names the refund amount, not the order total; for a full
            // refund (the common case) they are the same.
            order: { platformOrderId: c.tid, status: 'refund_requested', currency: 'CNY', totalAmount: c.refund_fee, items: [], createdAt: at, updatedAt: at },
            note: `买家申请退款 · 订单 ${c.tid} · 退款 ¥${c.refund_fee}`,
            occurredAt: at,
          },
        ],
      };
    }
    case TAOBAO_TOPICS.tradeRated: {
      const parsed = tradeRatedContentSchema.safeParse(content);
      if (!parsed.success) return contentError(frame.topic, parsed.error);
      const c = parsed.data;
      if (c.rater !== undefined && c.rater !== 'buyer') {
        return { kind: 'events', events: [], ignored: [{ dedupeKey, platformType: frame.topic, reason: `review by ${c.rater}, not the buyer` }] };
      }
      return { kind: 'review', lookup: { tid: c.tid, oid: c.oid, dedupeKey, customer: customerOf(c), pubTime } };
    }
    case TAOBAO_TOPICS.buyerChatMessage: {
      const parsed = buyerChatContentSchema.safeParse(content);
      if (!parsed.success) return contentError(frame.topic, parsed.error);
      const c = parsed.data;
      return {
        kind: 'events',
        ignored: [],
        events: [
          {
            type: 'message.received',
            dedupeKey,
            customer: customerOf(c),
            kind: 'chat',
            // Taobao chat is one conversation per buyer and shop.
            platformThreadId: null,
            subject: null,
            platformMessageId: c.msg_id,
            body: c.content,
            sentAt: topTimeToIso(c.send_time) ?? pubTime,
          },
        ],
      };
    }
    default:
      return { kind: 'error', error: `topic ${frame.topic} has no mapping` };
  }
}

/** Taobao's three-level rating on Huixin's 1–5 scale. */
const RATING: Record<TradeRate['result'], number> = { good: 5, neutral: 3, bad: 1 };

export function reviewEvent(lookup: ReviewLookup, rate: TradeRate): ReviewReceivedEvent {
  return {
    type: 'review.received',
    dedupeKey: lookup.dedupeKey,
    customer: lookup.customer,
    // Taobao reviews are per sub-order, and replies (taobao.traderate.explain.add) take the oid.
    platformReviewId: rate.oid,
    rating: RATING[rate.result],
    body: rate.content,
    productTitle: rate.item_title,
    platformOrderId: rate.tid,
    platformProductId: rate.num_iid ?? null,
    images: toReviewImages((rate.pic_urls ?? '').split(',').filter((url) => url.trim() !== '').map((url) => ({ url }))),
    // TOP gives the explanation's text, not its time: the review's time stands in.
    sellerReply: rate.reply && rate.reply.trim() !== '' ? { body: rate.reply, at: topTimeToIso(rate.created) ?? lookup.pubTime } : null,
    sentAt: topTimeToIso(rate.created) ?? lookup.pubTime,
  };
}

/** What the customer record holds (shared/ingest/events.ts eventCustomerSchema). */
const MAX_STORED_NICK = 256;

function customerOf(content: { buyer_nick: string; buyer_open_uid?: string | undefined }): EventCustomer {
  const nick = content.buyer_nick;
  const fits = nick.length <= MAX_STORED_NICK;
  // The same over-long nick always gives the same id, so the buyer keeps one thread.
  const platformUserId = content.buyer_open_uid ?? (fits ? nick : `nick-sha256:${createHash('sha256').update(nick, 'utf8').digest('hex')}`);
  return { platformUserId, nickname: fits ? nick : shortenForDisplay(nick, MAX_STORED_NICK), locale: 'zh-CN', email: null };
}

/** Cuts at a code point (never inside an emoji's surrogate pair) and marks the cut. */
function shortenForDisplay(text: string, max: number): string {
  let out = '';
  for (const codePoint of text) {
    if (out.length + codePoint.length > max - 1) break;
    out += codePoint;
  }
  return `${out}…`;
}

function contentError(topic: string, error: z.ZodError): TmcMapping {
  return { kind: 'error', error: `${topic} content: ${describeZodError(error)}` };
}
