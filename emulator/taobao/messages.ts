import { stringify } from 'lossless-json';
import type { EmulatedOrder, OrderStep, Scenario } from '../traffic';
import { beijingTime } from '../timeFormats';
import { numericProductId } from '../catalog';
import { reviewImageUrl } from '../reviewImages';

/**
 * Renders scenarios as Taobao TMC messages: topic + `content` (the topic's fields). Trade
 * and refund fields follow the public topic definitions (tid, oid, buyer_nick,
 * buyer_open_uid, seller_nick, payment, status, type; refund_id, refund_fee …). Ids are
 * written as JSON numbers, as Taobao does, so tids beyond 2^53 test the receiver's parser.
 *
 * The buyer chat topic `huixin_taobao_BuyerChatMessage` is Huixin's own (Taobao publishes
 * no chat push topic); see server/connectors/taobao/mapping.ts.
 */

export interface TmcPayload {
  topic: string;
  /** The content JSON exactly as it goes into the frame's `content` string. */
  content: string;
}

const TRADE_TOPIC: Record<OrderStep, { topic: string; status: string }> = {
  create: { topic: 'taobao_trade_TradeCreate', status: 'WAIT_BUYER_PAY' },
  pay: { topic: 'taobao_trade_TradeBuyerPay', status: 'WAIT_SELLER_SEND_GOODS' },
  ship: { topic: 'taobao_trade_TradeSellerShip', status: 'WAIT_BUYER_CONFIRM_GOODS' },
  complete: { topic: 'taobao_trade_TradeSuccess', status: 'TRADE_FINISHED' },
  cancel: { topic: 'taobao_trade_TradeClose', status: 'TRADE_CLOSED_BY_TAOBAO' },
  refund: { topic: 'taobao_refund_RefundCreated', status: 'WAIT_SELLER_AGREE' },
};

export function tmcMessagesFor(scenario: Scenario, sellerNick: string, now: Date, messageSerial: () => string): TmcPayload[] {
  switch (scenario.kind) {
    case 'buyer-message': {
      const content: Record<string, unknown> = {
        msg_id: BigInt(messageSerial()),
        buyer_nick: scenario.buyer.nick,
        buyer_open_uid: scenario.buyer.openUid,
        seller_nick: sellerNick,
        content: scenario.text,
        send_time: beijingTime(now),
      };
      if (scenario.tid) content.tid = BigInt(scenario.tid);
      return [{ topic: 'huixin_taobao_BuyerChatMessage', content: toJson(content) }];
    }
    case 'order-step': {
      const { order, step } = scenario;
      const rule = TRADE_TOPIC[step];
      if (step === 'refund') {
        return [
          {
            topic: rule.topic,
            content: toJson({
              ...buyerOf(order, sellerNick),
              refund_id: BigInt(messageSerial()),
              tid: BigInt(order.id),
              oid: BigInt(order.lines[0]?.lineId ?? order.id),
              // Buyers usually return one piece of the first sub-order, not the whole trade.
              refund_fee: order.lines[0]?.product.price ?? order.total,
              refund_phase: order.status === 'completed' ? 'aftersale' : 'onsale',
              bill_type: 'refund_bill',
              modified: beijingTime(now),
            }),
          },
        ];
      }
      return [
        {
          topic: rule.topic,
          content: toJson({
            ...buyerOf(order, sellerNick),
            tid: BigInt(order.id),
            oid: BigInt(order.lines[0]?.lineId ?? order.id),
            payment: order.total,
            status: rule.status,
            type: 'fixed',
          }),
        },
      ];
    }
    case 'review':
      return [
        {
          topic: 'taobao_trade_TradeRated',
          content: toJson({
            ...buyerOf(scenario.order, sellerNick),
            tid: BigInt(scenario.order.id),
            oid: BigInt(scenario.order.lines[0]?.lineId ?? scenario.order.id),
            payment: scenario.order.total,
            rater: 'buyer',
            status: 'TRADE_FINISHED',
            type: 'fixed',
          }),
        },
      ];
  }
}

/** The review as TOP `taobao.traderates.get` returns it (trade_rates.trade_rate[]). */
export interface TopTradeRate {
  tid: string;
  oid: string;
  role: 'buyer';
  nick: string;
  result: 'good' | 'neutral' | 'bad';
  created: string;
  item_title: string;
  content: string;
  /** Public TradeRate field: the item's numeric id. */
  num_iid: string;
  /**
   * ASSUMED field, not in Taobao's public TradeRate: the buyer's pictures, comma-separated
   * (see server/connectors/taobao/mapping.ts). Absent when the review has none.
   */
  pic_urls?: string;
}

export function tradeRateFor(scenario: Extract<Scenario, { kind: 'review' }>, now: Date, emulatorUrl: string): TopTradeRate {
  const line = scenario.order.lines[0];
  const oid = line?.lineId ?? scenario.order.id;
  const pictures = Array.from({ length: scenario.images }, (_, index) => reviewImageUrl(emulatorUrl, `tb-${oid}`, index + 1));
  return {
    num_iid: numericProductId(line?.product.sku ?? scenario.order.id),
    ...(pictures.length > 0 ? { pic_urls: pictures.join(',') } : {}),
    tid: scenario.order.id,
    oid: line?.lineId ?? scenario.order.id,
    role: 'buyer',
    nick: scenario.order.buyer.kind === 'taobao' ? scenario.order.buyer.nick : '',
    result: scenario.rating >= 4 ? 'good' : scenario.rating === 3 ? 'neutral' : 'bad',
    created: beijingTime(now),
    item_title: line?.product.title ?? '',
    content: scenario.text,
  };
}

function buyerOf(order: EmulatedOrder, sellerNick: string): Record<string, string> {
  return order.buyer.kind === 'taobao'
    ? { buyer_nick: order.buyer.nick, buyer_open_uid: order.buyer.openUid, seller_nick: sellerNick }
    : { buyer_nick: order.buyer.email, seller_nick: sellerNick };
}

/** JSON with bigint ids written as plain numbers, digit-exact. */
export function toJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new Error('value is not JSON-serialisable');
  return text;
}
