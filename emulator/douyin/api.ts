import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'lossless-json';
import { z } from 'zod';
import type { ChannelOrder } from '../channelTraffic';
import { readBody, sendJson, sendRawJson } from '../http';
import { NATIVE_CARRIER_CODES } from '../shipments';
import type { FaultSwitch } from '../recorder';
import type { EmulatedTokens } from '../tokens';
import { toCents } from '../traffic';
import type { DouyinEmulatedCredentials } from './pushes';

/**
 * The Doudian open API as Huixin calls it: POST /<method with slashes>?app_key&method&
 * timestamp&v=2&sign_method=hmac-sha256&sign[&access_token], param_json as the body.
 * sign = hex HMAC-SHA256(app_secret, app_secret + "app_key…method…param_json…timestamp…v…" + app_secret).
 * - token.create (grant_type authorization_self, shop_id) → { access_token, expires_in }
 * - token.refresh (grant_type refresh_token, refresh_token), for tool-app stores (credentials with
 *   an accessToken) → { access_token, expires_in, refresh_token } (rotated: the used one dies);
 *   a refused refresh token → 30004 isv.refresh-token-invalid
 * - order.orderDetail (shop_order_id) → { shop_order_detail } with doudian_open_id, fen amounts, sku_order_list
 * Answers `{ code, msg, sub_code, sub_msg, data }`, 10000 = success. Faults on orderDetail:
 * refuse → 50002 (business refusal, permanent), unavailable → HTTP 503, timeout → no answer.
 */

export interface DouyinApiContext {
  stores(): Array<{ id: string; credentials: DouyinEmulatedCredentials }>;
  order(storeId: string, orderId: string): ChannelOrder | undefined;
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
  /** OAuth tokens of tool-app stores (the ones whose credentials carry an accessToken). */
  oauth: EmulatedTokens;
}

const querySchema = z.object({
  app_key: z.string().min(1),
  method: z.string().min(1),
  timestamp: z.string().min(1),
  v: z.literal('2'),
  sign: z.string().regex(/^[0-9a-f]{64}$/),
  access_token: z.string().optional(),
});

/** Access tokens handed out, by token: the store they open. */
const tokens = new Map<string, string>();

const STATUS: Record<ChannelOrder['status'], { code: number; desc: string }> = {
  created: { code: 1, desc: '待支付' },
  paid: { code: 2, desc: '待发货' },
  shipped: { code: 3, desc: '已发货' },
  completed: { code: 5, desc: '已完成' },
  cancelled: { code: 4, desc: '已取消' },
  refund_requested: { code: 2, desc: '售后中' },
  refunded: { code: 4, desc: '已关闭' },
};

export const DOUYIN_API_PATHS = ['/token/create', '/token/refresh', '/order/orderDetail'] as const;

export function douyinApiSignature(appKey: string, appSecret: string, method: string, paramJson: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(`${appSecret}app_key${appKey}method${method}param_json${paramJson}timestamp${timestamp}v2${appSecret}`, 'utf8').digest('hex');
}

export async function handleDouyinApi(path: string, request: IncomingMessage, response: ServerResponse, context: DouyinApiContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const fail = (code: number, msg: string, subCode = '', subMsg = ''): void => sendJson(response, 200, { code, msg, sub_code: subCode, sub_msg: subMsg, log_id: randomBytes(8).toString('hex') });
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return fail(40004, '参数错误', 'isv.parameter-invalid', query.error.issues.map((i) => i.path.join('.')).join(','));
  const store = context.stores().find((s) => s.credentials.appKey === query.data.app_key);
  if (!store) return fail(30002, 'app_key不存在', 'isv.app-key-invalid');
  const paramJson = (await readBody(request)).toString('utf8');
  const expected = douyinApiSignature(store.credentials.appKey, store.credentials.appSecret, query.data.method, paramJson, query.data.timestamp);
  if (expected !== query.data.sign) return fail(40003, '签名错误', 'isv.sign-invalid');
  if (`/${query.data.method.replaceAll('.', '/')}` !== path) return fail(40004, 'method与路径不一致', 'isv.method-invalid');
  let params: Record<string, unknown>;
  try {
    params = z.record(z.string(), z.unknown()).parse(JSON.parse(paramJson));
  } catch {
    return fail(40004, 'param_json不是JSON对象', 'isv.parameter-invalid');
  }

  if (path === '/token/create') {
    if (params.grant_type !== 'authorization_self' || params.shop_id !== store.credentials.shopId) return fail(40004, '授权参数错误', 'isv.grant-invalid');
    const token = `dy-${randomBytes(12).toString('hex')}`;
    tokens.set(token, store.id);
    return sendJson(response, 200, { code: 10000, msg: 'success', sub_code: '', sub_msg: '', data: { access_token: token, expires_in: 604800, refresh_token: `r-${token}`, shop_id: store.credentials.shopId } });
  }

  if (path === '/token/refresh') {
    const renewed = context.oauth.refresh(store.id, typeof params.refresh_token === 'string' ? params.refresh_token : undefined);
    if (params.grant_type !== 'refresh_token' || !renewed.ok) return fail(30004, 'refresh_token不合法或已过期', 'isv.refresh-token-invalid');
    const expiresIn = renewed.tokens.accessExpiresAt === null ? 604800 : Math.round((renewed.tokens.accessExpiresAt - Date.now()) / 1000);
    return sendJson(response, 200, { code: 10000, msg: 'success', sub_code: '', sub_msg: '', data: { access_token: renewed.tokens.accessToken, expires_in: expiresIn, refresh_token: renewed.tokens.refreshToken, shop_id: store.credentials.shopId } });
  }

  const token = query.data.access_token;
  if (tokens.get(token ?? '') !== store.id && context.oauth.check(store.id, token) !== 'ok') return fail(30001, 'access_token不合法或已过期', 'isv.access-token-expired');
  const fault = context.faults.take('douyin');
  if (fault === 'timeout') return context.hold(response);
  if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
  if (fault === 'refuse') return fail(50002, '业务处理失败', 'isp.order-unavailable', '订单暂不可查询');
  const order = typeof params.shop_order_id === 'string' ? context.order(store.id, params.shop_order_id) : undefined;
  if (!order) return fail(50002, '业务处理失败', 'isv.order-not-exist', '订单不存在');
  const detail = {
    order_id: BigInt(order.id),
    shop_id: BigInt(store.credentials.shopId),
    order_status: STATUS[order.status].code,
    order_status_desc: STATUS[order.status].desc,
    doudian_open_id: `1@#${Buffer.from(order.buyer.id).toString('base64')}`,
    order_amount: toCents(order.total),
    pay_amount: order.status === 'created' || order.status === 'cancelled' ? 0 : toCents(order.total),
    create_time: Math.floor(order.createdAt.getTime() / 1000),
    update_time: Math.floor(order.updatedAt.getTime() / 1000),
    buyer_words: order.note ?? '',
    sku_order_list: order.lines.map((line) => ({
      order_id: BigInt(line.lineId),
      product_name: line.product.title,
      code: line.product.sku,
      item_num: line.quantity,
      origin_amount: toCents(line.product.price),
    })),
    // One parcel once shipped: Doudian's carrier code ("yuantong") and its name.
    logistics_info: order.shipment
      ? [{ tracking_no: order.shipment.trackingNumber, company: NATIVE_CARRIER_CODES.pinyin[order.shipment.carrier], company_name: NATIVE_CARRIER_CODES.taobao[order.shipment.carrier], ship_time: Math.floor(order.updatedAt.getTime() / 1000) }]
      : [],
  };
  // Order ids as JSON numbers beyond 2^53, as Doudian writes them.
  return sendRawJson(response, 200, stringify({ code: 10000, msg: 'success', sub_code: '', sub_msg: '', data: { shop_order_detail: detail } }) ?? '{}');
}
