import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TaobaoEmulatedStore } from '../config';
import { readBody, sendJson, sendRawJson } from '../http';
import type { FaultSwitch, ReplyRecorder } from '../recorder';
import type { EmulatedOrder } from '../traffic';
import { logisticsOrdersAnswer } from './logistics';
import { tradeFullinfoAnswer } from './trades';
import type { TopTradeRate } from './messages';
import { toJson } from './messages';
import { topSignature } from './topSign';

/**
 * The emulated TOP REST gateway (POST /router/rest, form-encoded). Checks app_key, sign and
 * timestamp like TOP, answers errors as `error_response {code, msg, sub_code, sub_msg}`, and
 * serves the methods Huixin calls:
 * - huixin.qianniu.message.send  (Huixin-defined chat-out method; Taobao publishes none)
 * - taobao.traderate.explain.add (public: the seller's reply to a review)
 * - taobao.traderates.get        (public: read reviews; used to enrich TradeRated messages)
 * - taobao.logistics.orders.get  (public: a trade's waybills; used to enrich TradeSellerShip)
 * - taobao.trade.fullinfo.get    (public: one trade with its sub-orders; used to give trade
 *                                 messages their lines)
 * Tmall stores use the same gateway (same platform); faults and replies are kept per platform.
 * Outbound replies honour the fault switch: refuse → an isv.* error (permanent),
 * unavailable → HTTP 503, timeout → no answer until the caller gives up. So does the
 * logistics lookup (refuse → isv.permission-api-package-limit, the app lacks the API package)
 * and the trade lookup (refuse → isv.permission-api-package-limit for the trade package; a
 * tid the shop does not have → isv.trade-not-exist).
 */

const SYSTEM_PARAMS = new Set(['method', 'app_key', 'timestamp', 'format', 'v', 'sign_method', 'sign', 'session', 'simplify']);
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

export interface TopApiContext {
  storeForAppKey(appKey: string): TaobaoEmulatedStore | undefined;
  replies: ReplyRecorder;
  faults: FaultSwitch;
  tradeRates(storeId: string): readonly TopTradeRate[];
  orders(storeId: string): readonly EmulatedOrder[];
  nextId(): string;
  hold(response: ServerResponse): void;
}

export async function handleTopRequest(request: IncomingMessage, response: ServerResponse, context: TopApiContext): Promise<void> {
  const params = Object.fromEntries(new URLSearchParams((await readBody(request)).toString('utf8')));
  const method = params.method ?? '';
  const fail = (code: number, msg: string, subCode?: string, subMsg?: string): void =>
    sendJson(response, 200, { error_response: { code, msg, sub_code: subCode, sub_msg: subMsg, request_id: context.nextId() } });

  if (!params.app_key) return fail(28, 'Missing App Key');
  const store = context.storeForAppKey(params.app_key);
  if (!store) return fail(29, 'Invalid App Key');
  if (!params.sign) return fail(24, 'Missing Signature');
  if (topSignature(params, store.credentials.appSecret) !== params.sign) return fail(25, 'Invalid Signature');
  const at = Date.parse(`${(params.timestamp ?? '').replace(' ', 'T')}+08:00`);
  if (Number.isNaN(at) || Math.abs(Date.now() - at) > MAX_CLOCK_SKEW_MS) return fail(31, 'Invalid Timestamp');
  if (params.format !== 'json' || params.v !== '2.0') return fail(23, 'Invalid Format', undefined, 'format=json and v=2.0 expected');

  const fields = Object.fromEntries(Object.entries(params).filter(([key]) => !SYSTEM_PARAMS.has(key)));
  const responseKey = `${method.replaceAll('.', '_')}_response`;

  switch (method) {
    case 'taobao.traderates.get': {
      const rates = context.tradeRates(store.id).filter((rate) => !fields.tid || rate.tid === fields.tid);
      // Ids as JSON numbers, as TOP writes them.
      const body = { [responseKey]: { total_results: rates.length, trade_rates: { trade_rate: rates.map((rate) => ({ ...rate, tid: BigInt(rate.tid), oid: BigInt(rate.oid), num_iid: BigInt(rate.num_iid) })) } } };
      return sendRawJson(response, 200, toJson(body));
    }
    case 'taobao.logistics.orders.get': {
      if (!fields.fields) return fail(40, 'Missing Required Arguments', 'isv.missing-parameter', 'fields');
      const fault = context.faults.take(store.platform);
      if (fault === 'timeout') return context.hold(response);
      if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
      if (fault === 'refuse') return fail(11, 'Insufficient isv permissions', 'isv.permission-api-package-limit', 'scope ids is 11655 (物流API) not granted');
      const orders = context.orders(store.id).filter((order) => !fields.tid || order.id === fields.tid);
      return sendRawJson(response, 200, toJson({ [responseKey]: logisticsOrdersAnswer(orders, fields.fields) }));
    }
    case 'taobao.trade.fullinfo.get': {
      const missing = ['fields', 'tid'].filter((name) => !fields[name]);
      if (missing.length > 0) return fail(40, 'Missing Required Arguments', 'isv.missing-parameter', missing.join(','));
      const fault = context.faults.take(store.platform);
      if (fault === 'timeout') return context.hold(response);
      if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
      if (fault === 'refuse') return fail(11, 'Insufficient isv permissions', 'isv.permission-api-package-limit', 'scope ids is 11652 (交易API) not granted');
      const order = context.orders(store.id).find((candidate) => candidate.id === fields.tid);
      if (!order) return fail(15, 'Remote service error', 'isv.trade-not-exist', `trade ${fields.tid} not found`);
      return sendRawJson(response, 200, toJson({ [responseKey]: tradeFullinfoAnswer(order, fields.fields ?? '', new Date()) }));
    }
    case 'huixin.qianniu.message.send':
    case 'taobao.traderate.explain.add': {
      const required = method === 'taobao.traderate.explain.add' ? ['oid', 'reply'] : ['buyer_nick', 'content'];
      const missing = required.filter((name) => !fields[name]);
      if (missing.length > 0) return fail(40, 'Missing Required Arguments', 'isv.missing-parameter', missing.join(','));
      const fault = context.faults.take(store.platform);
      if (fault === 'timeout') return context.hold(response);
      if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
      if (fault === 'refuse') return fail(15, 'Remote service error', 'isv.buyer-refuse-message', '买家已设置拒收消息 (buyer does not accept messages)');
      const { reply } = context.replies.record({
        platform: store.platform,
        storeId: store.id,
        idempotencyKey: fields.out_id ?? context.nextId(),
        method,
        fields,
      });
      return method === 'taobao.traderate.explain.add'
        ? sendJson(response, 200, { [responseKey]: { is_success: true } })
        : sendJson(response, 200, { [responseKey]: { msg_id: `msg-${reply.idempotencyKey}` } });
    }
    default:
      return fail(22, 'Invalid Method', 'isv.method-not-exist', method);
  }
}
