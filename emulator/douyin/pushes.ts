import { createHash } from 'node:crypto';
import { stringify } from 'lossless-json';
import type { ChannelOrderStep, ChannelScenario } from '../channelTraffic';
import { toCents } from '../traffic';
import type { NativeRequest } from '../webhookDelivery';

/**
 * Renders scenarios as Douyin Shop (抖店) pushes: a JSON array of `{ tag, msg_id, data }`,
 * `data` being the message's fields as a JSON string (ids as 19-digit JSON numbers, amounts
 * in fen, times in Unix seconds), with headers `app-id` and
 * `event-sign` = md5(app_key + body + app_secret). Pushes carry no buyer: Huixin reads it
 * through order.orderDetail (api.ts). Tag numbers: server/connectors/douyin/mapping.ts.
 */

export interface DouyinEmulatedCredentials {
  appKey: string;
  appSecret: string;
  shopId: string;
}

export function douyinEventSign(appKey: string, body: string, appSecret: string): string {
  return createHash('md5').update(`${appKey}${body}${appSecret}`, 'utf8').digest('hex');
}

const TAGS: Record<ChannelOrderStep, { tag: string; orderStatus: number; timeField: string }> = {
  create: { tag: '100', orderStatus: 1, timeField: 'create_time' },
  pay: { tag: '101', orderStatus: 2, timeField: 'pay_time' },
  ship: { tag: '102', orderStatus: 3, timeField: 'update_time' },
  complete: { tag: '103', orderStatus: 5, timeField: 'complete_time' },
  cancel: { tag: '106', orderStatus: 4, timeField: 'cancel_time' },
  refund: { tag: '200', orderStatus: 2, timeField: 'apply_time' },
};

export function douyinRequestsFor(scenario: ChannelScenario, credentials: DouyinEmulatedCredentials, msgId: () => string): NativeRequest[] {
  // Douyin Shop has no buyer-chat push; the scenario generator never makes one for it.
  if (scenario.kind !== 'order-step') return [];
  const { order, step } = scenario;
  const rule = TAGS[step];
  const at = Math.floor(order.updatedAt.getTime() / 1000);
  const data: Record<string, unknown> = {
    p_id: BigInt(order.id),
    shop_id: BigInt(credentials.shopId),
    biz: 2,
    [rule.timeField]: at,
  };
  if (step === 'refund') {
    Object.assign(data, {
      aftersale_id: BigInt(scenario.afterSaleId ?? '0'),
      aftersale_status: 6,
      aftersale_type: 1,
      s_id: BigInt(order.lines[0]?.lineId ?? order.id),
      refund_amount: toCents(order.total),
      reason_code: 1,
    });
  } else {
    Object.assign(data, { s_ids: order.lines.map((line) => BigInt(line.lineId)), order_status: rule.orderStatus, order_type: 0 });
    if (step === 'pay') Object.assign(data, { pay_type: 1, pay_amount: toCents(order.total) });
    if (step === 'cancel') data.cancel_reason = '买家取消';
  }
  const body = stringify([{ tag: rule.tag, msg_id: msgId(), data: stringify(data) ?? '{}' }]) ?? '[]';
  return [buildDouyinPush(scenario.storeId, `tag:${rule.tag}`, body, credentials)];
}

/** A push with any body, signed with the store's secret (or `secretOverride`, for forgeries). */
export function buildDouyinPush(storeId: string, label: string, body: string, credentials: DouyinEmulatedCredentials, secretOverride?: string): NativeRequest {
  return {
    storeId,
    platform: 'douyin',
    label,
    method: 'POST',
    query: {},
    headers: {
      'content-type': 'application/json',
      'app-id': credentials.appKey,
      'event-sign': douyinEventSign(credentials.appKey, body, secretOverride ?? credentials.appSecret),
    },
    body,
  };
}
