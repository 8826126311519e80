import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ChannelOrder } from '../channelTraffic';
import { readBody, sendJson } from '../http';
import type { EmulatedTokens } from '../tokens';
import type { FaultSwitch, ReplyRecorder } from '../recorder';
import { handleJdComments, type JdCommentBook } from './comments';
import { NATIVE_CARRIER_CODES } from '../shipments';

/**
 * The JOS gateway as Huixin calls it (POST /routerjson, form-encoded): checks app_key,
 * sign = upper-case md5(secret + sorted name+value + secret), access_token and timestamp,
 * refuses with `error_response { code, zh_desc, en_desc }`, and serves
 * jingdong.pop.order.enSearch: the store's orders in the asked states whose last change
 * falls in [start_date, end_date] (GMT+8), paged, in `…_responce` (JD's spelling).
 * Unpaid orders are not listed (JD lists POP orders from payment on). Faults on it:
 * refuse → code 19 (access token invalid, permanent), unavailable → HTTP 503, timeout.
 */

export interface JdStoreView {
  id: string;
  credentials: { appKey: string; appSecret: string; venderId: string; accessToken: string };
}

export interface JosContext {
  stores(): JdStoreView[];
  orders(storeId: string): readonly ChannelOrder[];
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
  /** OAuth tokens, checked on every call (renewed by /oauth2/refresh_token, oauth.ts). */
  tokens: EmulatedTokens;
  /** Product comments and the shop's answers to them (comments.ts). */
  comments: JdCommentBook;
  replies: ReplyRecorder;
}

export function josSignature(params: Readonly<Record<string, string>>, secret: string): string {
  const joined = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== '')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHash('md5').update(`${secret}${joined}${secret}`, 'utf8').digest('hex').toUpperCase();
}

const STATE: Record<ChannelOrder['status'], string | null> = {
  created: null,
  paid: 'WAIT_SELLER_STOCK_OUT',
  shipped: 'WAIT_GOODS_RECEIVE_CONFIRM',
  completed: 'FINISHED_L',
  cancelled: 'TRADE_CANCELED',
  refund_requested: 'LOCKED',
  refunded: 'TRADE_CANCELED',
};

const searchSchema = z.object({
  start_date: z.string(),
  end_date: z.string(),
  order_state: z.string(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});

function beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function fromBeijing(time: string): number {
  return Date.parse(`${time.replace(' ', 'T')}+08:00`);
}

export async function handleJos(request: IncomingMessage, response: ServerResponse, context: JosContext): Promise<void> {
  const params = Object.fromEntries(new URLSearchParams((await readBody(request)).toString('utf8')));
  const fail = (code: number, zh: string, en: string): void => sendJson(response, 200, { error_response: { code: String(code), zh_desc: zh, en_desc: en } });
  const store = context.stores().find((s) => s.credentials.appKey === params.app_key);
  if (!store) return fail(17, 'app_key无效', 'invalid app_key');
  if (josSignature(params, store.credentials.appSecret) !== params.sign) return fail(14, '签名无效', 'invalid signature');
  if (Number.isNaN(fromBeijing(params.timestamp ?? '')) || Math.abs(Date.now() - fromBeijing(params.timestamp ?? '')) > 10 * 60_000) return fail(13, '时间戳无效', 'invalid timestamp');
  const token = context.tokens.check(store.id, params.access_token);
  if (token !== 'ok') return fail(19, token === 'expired' ? 'access_token已过期' : 'access_token无效', token === 'expired' ? 'access_token expired' : 'invalid access_token');
  if (params.method === 'jingdong.pop.PopCommentJsfService.getVenderCommentsForJos' || params.method === 'jingdong.pop.PopCommentJsfService.saveReply') {
    return handleJdComments(params.method, params['360buy_param_json'] ?? '', response, {
      storeId: store.id,
      book: context.comments,
      replies: context.replies,
      faults: context.faults,
      hold: context.hold,
      fail,
    });
  }
  if (params.method !== 'jingdong.pop.order.enSearch') return fail(22, '方法不存在', `no method ${params.method ?? ''}`);
  const fault = context.faults.take('jd', 'read');
  if (fault === 'timeout') return context.hold(response);
  if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
  if (fault === 'refuse') return fail(19, 'access_token已过期', 'access_token expired');
  let search: z.infer<typeof searchSchema>;
  try {
    search = searchSchema.parse(JSON.parse(params['360buy_param_json'] ?? ''));
  } catch {
    return fail(20, '参数错误', '360buy_param_json is not a valid search');
  }
  const states = new Set(search.order_state.split(','));
  const from = fromBeijing(search.start_date);
  const to = fromBeijing(search.end_date);
  const matching = context.orders(store.id).filter((order) => {
    const state = STATE[order.status];
    // JD stamps changes to the second: compare whole seconds, as the window does.
    const changed = Math.floor(order.updatedAt.getTime() / 1000) * 1000;
    return state !== null && states.has(state) && changed >= from && changed <= to;
  });
  const page = matching.slice((search.page - 1) * search.page_size, search.page * search.page_size);
  return sendJson(response, 200, {
    jingdong_pop_order_enSearch_responce: {
      code: '0',
      searchorderinfo_result: {
        apiResult: { success: true, resultCode: '0' },
        orderTotal: matching.length,
        orderInfoList: page.map((order) => ({
          orderId: Number(order.id),
          venderId: store.credentials.venderId,
          orderState: STATE[order.status],
          orderTotalPrice: order.total,
          orderPayment: order.total,
          orderStartTime: beijing(order.createdAt),
          modified: beijing(order.updatedAt),
          open_id_buyer: `jd_${Buffer.from(order.buyer.id).toString('hex').slice(0, 24)}`,
          orderRemark: order.note ?? '',
          itemInfoList: order.lines.map((line) => ({ skuId: line.lineId, skuName: line.product.title, itemTotal: String(line.quantity), jdPrice: line.product.price })),
          // JD's carrier id and waybill (comma-separated when several) once shipped.
          ...(order.shipment ? { logisticsId: NATIVE_CARRIER_CODES.jd[order.shipment.carrier], waybill: order.shipment.trackingNumber } : {}),
        })),
      },
    },
  });
}
