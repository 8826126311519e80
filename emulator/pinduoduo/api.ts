import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelOrder } from '../channelTraffic';
import { readBody, sendJson } from '../http';
import type { FaultSwitch } from '../recorder';
import type { EmulatedTokens } from '../tokens';
import { NATIVE_CARRIER_CODES } from '../shipments';

/**
 * The Pinduoduo API gateway as Huixin calls it (POST /api/router, form-encoded): checks
 * client_id, sign = upper-case md5(secret + sorted name+value + secret), access_token and
 * timestamp, answers `error_response { error_code, error_msg, sub_code, sub_msg }` on
 * refusal, and serves pdd.order.information.get. Faults on it: refuse → error_code 10000
 * (permanent), unavailable → HTTP 503, timeout → no answer.
 */

export interface PddStoreView {
  id: string;
  credentials: { clientId: string; clientSecret: string; mallId: string; accessToken: string };
}

export interface PddApiContext {
  stores(): PddStoreView[];
  order(storeId: string, orderSn: string): ChannelOrder | undefined;
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
  /** OAuth tokens: checked on every call; pdd.pop.auth.token.refresh renews them (refresh token not rotated). */
  tokens: EmulatedTokens;
}

export function pddSignature(params: Readonly<Record<string, string>>, secret: string): string {
  const joined = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== '')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHash('md5').update(`${secret}${joined}${secret}`, 'utf8').digest('hex').toUpperCase();
}

const ORDER_STATUS: Record<ChannelOrder['status'], number> = { created: 1, paid: 1, shipped: 2, completed: 3, cancelled: 1, refund_requested: 1, refunded: 1 };
const REFUND_STATUS: Record<ChannelOrder['status'], number> = { created: 1, paid: 1, shipped: 1, completed: 1, cancelled: 1, refund_requested: 2, refunded: 4 };

function beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export async function handlePddApi(request: IncomingMessage, response: ServerResponse, context: PddApiContext): Promise<void> {
  const params = Object.fromEntries(new URLSearchParams((await readBody(request)).toString('utf8')));
  const fail = (code: number, msg: string, subMsg = ''): void => sendJson(response, 200, { error_response: { error_code: code, error_msg: msg, sub_code: String(code), sub_msg: subMsg, request_id: `${Date.now()}` } });
  const store = context.stores().find((s) => s.credentials.clientId === params.client_id);
  if (!store) return fail(10016, 'client_id不存在');
  if (pddSignature(params, store.credentials.clientSecret) !== params.sign) return fail(10017, '签名错误');
  if (Math.abs(Date.now() / 1000 - Number(params.timestamp)) > 600) return fail(10018, 'timestamp已过期');
  if (params.type === 'pdd.pop.auth.token.refresh') {
    const renewed = context.tokens.refresh(store.id, params.refresh_token);
    if (!renewed.ok) return fail(10019, renewed.reason === 'expired' ? 'refresh_token已过期' : 'refresh_token无效');
    const { accessToken, refreshToken, accessExpiresAt, refreshExpiresAt } = renewed.tokens;
    const seconds = (at: number | null, fallback: number): number => (at === null ? fallback : Math.floor(at / 1000));
    const farFuture = Math.floor(Date.now() / 1000) + 365 * 86_400;
    return sendJson(response, 200, {
      pop_auth_token_refresh_response: {
        access_token: accessToken,
        expires_at: seconds(accessExpiresAt, farFuture),
        expires_in: seconds(accessExpiresAt, farFuture) - Math.floor(Date.now() / 1000),
        refresh_token: refreshToken,
        refresh_token_expires_at: seconds(refreshExpiresAt, farFuture),
        owner_id: store.credentials.mallId,
        scope: ['pdd.order.information.get'],
      },
    });
  }
  const token = context.tokens.check(store.id, params.access_token);
  if (token !== 'ok') return fail(10019, token === 'expired' ? 'access_token已过期' : 'access_token无效');
  if (params.type !== 'pdd.order.information.get') return fail(10004, '接口不存在', params.type ?? '');
  const fault = context.faults.take('pinduoduo');
  if (fault === 'timeout') return context.hold(response);
  if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
  if (fault === 'refuse') return fail(10000, '参数错误', '订单不属于该店铺');
  const order = context.order(store.id, params.order_sn ?? '');
  if (!order) return fail(10000, '参数错误', '订单不存在');
  return sendJson(response, 200, {
    order_info_get_response: {
      order_info: {
        order_sn: order.id,
        order_status: ORDER_STATUS[order.status],
        refund_status: REFUND_STATUS[order.status],
        pay_amount: Number(order.total),
        goods_amount: Number(order.total),
        created_time: beijing(order.createdAt),
        updated_at: beijing(order.updatedAt),
        buyer_memo: order.note ?? '',
        item_list: order.lines.map((line) => ({ goods_name: line.product.title, goods_count: line.quantity, goods_price: Number(line.product.price), outer_id: line.product.sku })),
        // Pinduoduo's carrier number and the waybill once shipped; empty before.
        logistics_id: order.shipment ? NATIVE_CARRIER_CODES.pinduoduo[order.shipment.carrier] : 0,
        tracking_number: order.shipment?.trackingNumber ?? '',
      },
      request_id: `${Date.now()}`,
    },
  });
}
