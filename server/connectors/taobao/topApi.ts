import { z } from 'zod';
import type { ConnectorStore, ReplyTarget, SendResult } from '../types';
import { describeZodError, parseJsonLosslessly } from '../json';
import { taobaoCredentialsSchema } from './credentials';
import type { TaobaoCredentials } from './credentials';
import { tradeRateSchema } from './mapping';
import type { TradeRate } from './mapping';
import { topSign, topTimestamp } from './sign';

/**
 * Calls to the TOP REST gateway (credentials.apiUrl): HTTP POST, form-encoded, with TOP's
 * public system parameters method, app_key, timestamp, format=json, v=2.0, sign_method=md5,
 * sign (https://api.1688.com/doc2/detail.htm?articleId=101617). A failed call answers
 * `{"error_response":{"code","msg","sub_code","sub_msg"}}`.
 */

export type TopCallResult = { ok: true; body: Record<string, unknown> } | { ok: false; permanent: boolean; reason: string };

const topErrorSchema = z.object({
  error_response: z.object({
    code: z.union([z.number(), z.string()]),
    msg: z.string().optional(),
    sub_code: z.string().optional(),
    sub_msg: z.string().optional(),
  }),
});

/**
 * Which TOP errors are worth retrying. TOP's public error-code list splits sub-codes into
 * `isp.*` (the platform's side: service busy, remote error → retry) and `isv.*` (the
 * caller's side: bad argument, no permission → retrying cannot help). Among the top-level
 * codes, 7 (App Call Limited) and 10 (Service Currently Unavailable) are transient.
 */
export function isPermanentTopError(code: number, subCode: string | undefined): boolean {
  if (subCode?.startsWith('isp.')) return false;
  if (subCode?.startsWith('isv.')) return true;
  return !(code === 7 || code === 10 || code === 15);
}

export async function callTop(
  credentials: TaobaoCredentials,
  method: string,
  params: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<TopCallResult> {
  const all: Record<string, string> = {
    ...params,
    method,
    app_key: credentials.appKey,
    timestamp: topTimestamp(new Date()),
    format: 'json',
    v: '2.0',
    sign_method: 'md5',
  };
  all.sign = topSign(all, credentials.appSecret);

  let response: Response;
  try {
    response = await fetch(credentials.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(all).toString(),
      signal,
    });
  } catch (error) {
    const reason = signal.aborted
      ? `TOP ${method} did not answer in time (request aborted)`
      : `TOP gateway unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return { ok: false, permanent: false, reason };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `TOP gateway answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) {
    return { ok: false, permanent: false, reason: `TOP ${method} answered HTTP ${response.status} with a body that is not JSON` };
  }
  const error = topErrorSchema.safeParse(json.value);
  if (error.success) {
    const e = error.data.error_response;
    const code = Number(e.code);
    const detail = [e.msg, e.sub_code, e.sub_msg].filter(Boolean).join(' / ');
    return { ok: false, permanent: isPermanentTopError(code, e.sub_code), reason: `TOP ${method} refused (code ${e.code}): ${detail}` };
  }
  if (!response.ok) return { ok: false, permanent: true, reason: `TOP gateway answered HTTP ${response.status}` };
  return { ok: true, body: json.value as Record<string, unknown> };
}

/** TOP wraps a result in `<method with dots as underscores>_response`. */
export function topResponseKey(method: string): string {
  return `${method.replaceAll('.', '_')}_response`;
}

/**
 * ASSUMED method: Taobao publishes no API that lets an ISV app send a Wangwang/Qianniu
 * message to a buyer. Huixin names its chat-out call `huixin.qianniu.message.send` (same
 * TOP envelope and signing) so that a bridge, or the emulator, can serve it.
 */
export const TAOBAO_CHAT_SEND_METHOD = 'huixin.qianniu.message.send';
/** Public TOP API: the seller's explanation (reply) to a buyer's review, keyed by sub-order id. */
export const TAOBAO_REVIEW_REPLY_METHOD = 'taobao.traderate.explain.add';
/** Public TOP API: reads trade reviews. */
export const TAOBAO_REVIEW_GET_METHOD = 'taobao.traderates.get';

const chatSentSchema = z.object({ msg_id: z.union([z.string(), z.number()]).transform(String).optional() }).loose();
const explainAddedSchema = z.object({ is_success: z.boolean() }).loose();

export async function sendTaobaoReply(
  store: ConnectorStore<TaobaoCredentials>,
  target: ReplyTarget,
  signal: AbortSignal,
): Promise<SendResult> {
  const credentials = taobaoCredentialsSchema.safeParse(store.credentials);
  if (!credentials.success) return { ok: false, permanent: true, reason: 'store has invalid Taobao credentials' };

  if (target.conversationKind === 'review') {
    const oid = target.platformReviewId ?? target.platformThreadId;
    if (!oid) return { ok: false, permanent: true, reason: 'a Taobao review reply needs the review (sub-order) id' };
    const result = await callTop(credentials.data, TAOBAO_REVIEW_REPLY_METHOD, { oid, reply: target.body, out_id: target.messageId }, signal);
    if (!result.ok) return result;
    const body = explainAddedSchema.safeParse(result.body[topResponseKey(TAOBAO_REVIEW_REPLY_METHOD)]);
    if (!body.success) return { ok: false, permanent: false, reason: `unexpected TOP answer: ${describeZodError(body.error)}` };
    if (!body.data.is_success) return { ok: false, permanent: true, reason: 'Taobao did not accept the review reply' };
    return { ok: true, platformMessageId: null };
  }

  const params: Record<string, string> = {
    buyer_nick: target.customerNickname,
    buyer_open_uid: target.customerPlatformUserId,
    content: target.body,
    out_id: target.messageId,
  };
  if (target.platformOrderId) params.tid = target.platformOrderId;
  const result = await callTop(credentials.data, TAOBAO_CHAT_SEND_METHOD, params, signal);
  if (!result.ok) return result;
  const body = chatSentSchema.safeParse(result.body[topResponseKey(TAOBAO_CHAT_SEND_METHOD)]);
  if (!body.success) return { ok: false, permanent: false, reason: `unexpected TOP answer: ${describeZodError(body.error)}` };
  return { ok: true, platformMessageId: body.data.msg_id ?? null };
}

const traderatesSchema = z.object({
  trade_rates: z.object({ trade_rate: z.array(z.unknown()) }).optional(),
});

export type TradeRateLookup = { ok: true; rate: TradeRate | null } | { ok: false; permanent: boolean; reason: string };

/** Fetches the buyer's review of one sub-order; `rate: null` when Taobao has none (deleted, hidden). */
export async function fetchTradeRate(credentials: TaobaoCredentials, tid: string, oid: string, signal: AbortSignal): Promise<TradeRateLookup> {
  const result = await callTop(
    credentials,
    TAOBAO_REVIEW_GET_METHOD,
    { fields: 'tid,oid,role,nick,result,created,item_title,content,num_iid,reply,pic_urls', rate_type: 'get', role: 'buyer', tid },
    signal,
  );
  if (!result.ok) return result;
  const body = traderatesSchema.safeParse(result.body[topResponseKey(TAOBAO_REVIEW_GET_METHOD)]);
  if (!body.success) return { ok: false, permanent: true, reason: `unexpected TOP answer: ${describeZodError(body.error)}` };
  for (const candidate of body.data.trade_rates?.trade_rate ?? []) {
    const rate = tradeRateSchema.safeParse(candidate);
    if (rate.success && rate.data.oid === oid) return { ok: true, rate: rate.data };
  }
  return { ok: true, rate: null };
}
