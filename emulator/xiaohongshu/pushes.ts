import { createHash } from 'node:crypto';
import type { ChannelOrderStep, ChannelScenario } from '../channelTraffic';
import type { NativeRequest } from '../webhookDelivery';

/**
 * Renders scenarios as Xiaohongshu (小红书) pushes: a JSON array of `{ msgTag, sellerId, data }`,
 * `data` being the message's fields as a JSON string, with headers `app-key`, `timestamp`
 * (Unix seconds) and `sign` = md5(<push URL path> + "?" + sorted app-key/timestamp(/query) as
 * k=v joined by "&" + app_secret). Pushes carry no buyer or items: Huixin reads them through
 * order.getOrderDetail (api.ts). Tags and statuses: server/connectors/xiaohongshu/mapping.ts.
 */

export interface XiaohongshuEmulatedCredentials {
  appKey: string;
  appSecret: string;
  sellerId: string;
}

export function xiaohongshuPushSignature(path: string, params: Record<string, string>, appSecret: string): string {
  const query = Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHash('md5').update(`${path}?${query}${appSecret}`, 'utf8').digest('hex');
}

/** Order statuses as the platform numbers them (1 待付款 … 9 已取消). */
export const XHS_ORDER_STATUS: Record<Exclude<ChannelOrderStep, 'refund'>, number> = { create: 1, pay: 4, ship: 6, complete: 7, cancel: 9 };

export function xiaohongshuRequestsFor(scenario: ChannelScenario, credentials: XiaohongshuEmulatedCredentials): NativeRequest[] {
  // Xiaohongshu has no buyer-chat push for ISV apps; the scenario generator never makes one for it.
  if (scenario.kind !== 'order-step') return [];
  const { order, step } = scenario;
  const updateTime = order.updatedAt.getTime();
  const message =
    step === 'refund'
      ? { msgTag: 'msg_after_sale_create', sellerId: credentials.sellerId, data: JSON.stringify({ returnsId: scenario.afterSaleId ?? '0', orderId: order.id, returnType: 3, requestFrom: 1, refundFee: Number(order.total), updateTime }) }
      : { msgTag: 'msg_fulfillment_status_change', sellerId: credentials.sellerId, data: JSON.stringify({ orderId: order.id, packageId: order.id, orderStatus: XHS_ORDER_STATUS[step], packageStatus: XHS_ORDER_STATUS[step], updateTime }) };
  return [buildXiaohongshuPush(scenario.storeId, message.msgTag, JSON.stringify([message]), credentials)];
}

/** A push with any body, signed with the store's secret (or `secretOverride`, for forgeries). */
export function buildXiaohongshuPush(storeId: string, label: string, body: string, credentials: XiaohongshuEmulatedCredentials, secretOverride?: string): NativeRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const path = `/webhooks/xiaohongshu/${encodeURIComponent(storeId)}`;
  return {
    storeId,
    platform: 'xiaohongshu',
    label,
    method: 'POST',
    query: {},
    headers: {
      'content-type': 'application/json;charset=utf-8',
      'app-key': credentials.appKey,
      timestamp,
      sign: xiaohongshuPushSignature(path, { 'app-key': credentials.appKey, timestamp }, secretOverride ?? credentials.appSecret),
    },
    body,
  };
}
