import type { ChannelOrderStep, ChannelScenario } from '../channelTraffic';

/**
 * Renders scenarios as Pinduoduo PMC messages: message type + `content` (mall_id, tid = the
 * order_sn, refund_id for after-sales). Pinduoduo sends no message when an order is placed
 * or an unpaid one lapses: the first is TradeConfirmed, once paid (and the group formed).
 * Types: server/connectors/pinduoduo/mapping.ts.
 */

export interface PmcPayload {
  type: string;
  content: string;
}

const TYPES: Record<ChannelOrderStep, string | null> = {
  create: null,
  cancel: null,
  pay: 'pdd_trade_TradeConfirmed',
  ship: 'pdd_trade_TradeSellerShip',
  complete: 'pdd_trade_TradeSuccess',
  refund: 'pdd_refund_RefundCreated',
};

export function pmcMessagesFor(scenario: ChannelScenario, mallId: string): PmcPayload[] {
  if (scenario.kind !== 'order-step') return [];
  const type = TYPES[scenario.step];
  if (type === null) return [];
  const content: Record<string, string | number> = { mall_id: Number(mallId), tid: scenario.order.id };
  if (scenario.step === 'refund') content.refund_id = Number((scenario.afterSaleId ?? '1').slice(0, 15));
  return [{ type, content: JSON.stringify(content) }];
}
