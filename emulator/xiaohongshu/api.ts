import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ChannelOrder } from '../channelTraffic';
import { readBody, sendJson } from '../http';
import type { FaultSwitch } from '../recorder';
import type { EmulatedTokens } from '../tokens';
import { toCents } from '../traffic';
import type { XiaohongshuEmulatedCredentials } from './pushes';
import { NATIVE_CARRIER_CODES } from '../shipments';

/**
 * The Xiaohongshu open API as Huixin calls it: POST /ark/open_api/v3/common_controller, JSON
 * with appId, timestamp, version "2.0", method, sign = md5(method?appId=…&timestamp=…&version=… + app_secret)
 * and accessToken, plus the method's parameters. Only `order.getOrderDetail` (orderId) is
 * played: `{ success: true, code: 0, data: { orderId, orderStatus, createdTime, updateTime,
 * totalPayAmount (fen), customerRemark, skuList } }`. Faults on it: refuse → success false
 * (code -1001 订单不存在, permanent), unavailable → HTTP 503, timeout → no answer.
 */

export const XIAOHONGSHU_API_PATH = '/ark/open_api/v3/common_controller';

export interface XiaohongshuApiContext {
  stores(): Array<{ id: string; credentials: XiaohongshuEmulatedCredentials & { accessToken: string } }>;
  order(storeId: string, orderId: string): ChannelOrder | undefined;
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
  /** OAuth tokens: checked on every call; oauth.refreshToken renews them (rotated). */
  tokens: EmulatedTokens;
}

const requestSchema = z
  .object({
    appId: z.string().min(1),
    timestamp: z.string().regex(/^\d+$/),
    version: z.literal('2.0'),
    method: z.string().min(1),
    sign: z.string().regex(/^[0-9a-f]{32}$/),
    // Absent only on the OAuth methods (oauth.refreshToken).
    accessToken: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional(),
  })
  .loose();

const STATUS: Record<ChannelOrder['status'], number> = { created: 1, paid: 4, shipped: 6, completed: 7, cancelled: 9, refund_requested: 6, refunded: 8 };

export function xiaohongshuApiSignature(method: string, appId: string, timestamp: string, version: string, appSecret: string): string {
  return createHash('md5').update(`${method}?appId=${appId}&timestamp=${timestamp}&version=${version}${appSecret}`, 'utf8').digest('hex');
}

export async function handleXiaohongshuApi(request: IncomingMessage, response: ServerResponse, context: XiaohongshuApiContext): Promise<void> {
  const fail = (code: number, msg: string): void => sendJson(response, 200, { success: false, code, msg, data: null });
  let body: unknown;
  try {
    body = JSON.parse((await readBody(request)).toString('utf8'));
  } catch {
    return fail(-1, '请求体不是 JSON');
  }
  const call = requestSchema.safeParse(body);
  if (!call.success) return fail(-1, `参数错误: ${call.error.issues.map((i) => i.path.join('.')).join(',')}`);
  const store = context.stores().find((s) => s.credentials.appKey === call.data.appId);
  if (!store) return fail(-100, 'appId 不存在');
  if (xiaohongshuApiSignature(call.data.method, call.data.appId, call.data.timestamp, call.data.version, store.credentials.appSecret) !== call.data.sign) return fail(-101, '签名错误');
  if (call.data.method === 'oauth.refreshToken') {
    // Rotated: the used refresh token stops working. Times in Unix ms.
    const renewed = context.tokens.refresh(store.id, call.data.refreshToken);
    if (!renewed.ok) return fail(-105, renewed.reason === 'expired' ? 'refreshToken 已过期' : 'refreshToken 无效');
    const farFuture = Date.now() + 365 * 86_400_000;
    return sendJson(response, 200, {
      success: true,
      code: 0,
      msg: '成功',
      data: {
        accessToken: renewed.tokens.accessToken,
        accessTokenExpiresAt: renewed.tokens.accessExpiresAt ?? farFuture,
        refreshToken: renewed.tokens.refreshToken,
        refreshTokenExpiresAt: renewed.tokens.refreshExpiresAt ?? farFuture,
        sellerId: store.credentials.sellerId,
      },
    });
  }
  const token = context.tokens.check(store.id, call.data.accessToken);
  if (token === 'expired') return fail(-104, 'accessToken 已过期');
  if (token !== 'ok') return fail(-102, 'accessToken 无效');
  if (call.data.method !== 'order.getOrderDetail') return fail(-103, `方法不存在: ${call.data.method}`);

  const fault = context.faults.take('xiaohongshu');
  if (fault === 'timeout') return context.hold(response);
  if (fault === 'unavailable') return sendJson(response, 503, { error: 'service unavailable' });
  if (fault === 'refuse') return fail(-1001, '订单不存在');

  const orderId = z.object({ orderId: z.string() }).safeParse(body);
  const order = orderId.success ? context.order(store.id, orderId.data.orderId) : undefined;
  if (!order) return fail(-1001, '订单不存在');
  sendJson(response, 200, {
    success: true,
    code: 0,
    msg: '成功',
    data: {
      orderId: order.id,
      orderStatus: STATUS[order.status],
      orderType: 1,
      createdTime: order.createdAt.getTime(),
      updateTime: order.updatedAt.getTime(),
      totalPayAmount: toCents(order.total),
      customerRemark: order.note ?? '',
      skuList: order.lines.map((line) => ({ skuId: line.lineId, skuName: line.product.title, skuQuantity: line.quantity, totalPaidAmount: toCents(line.product.price) * line.quantity })),
      ...(order.shipment ? { expressTrackingNo: order.shipment.trackingNumber, expressCompanyCode: NATIVE_CARRIER_CODES.pinyin[order.shipment.carrier] } : {}),
    },
  });
}
