import { describeZodError, parseJsonLosslessly } from '../json';
import { callWithToken } from '../tokens/entered';
import type { AccessTokens } from '../tokens/types';
import { enteredTokenOnly } from '../tokens/types';
import type { DouyinCredentials } from './credentials';
import { apiEnvelopeSchema, orderDetailAnswerSchema, tokenAnswerSchema } from './payloads';
import type { DouyinOrderDetail } from './payloads';
import { douyinApiSign, sortedParamJson } from './signature';

/**
 * Calls to the Doudian open API (credentials.apiUrl): POST `<apiUrl>/<method with dots as
 * slashes>` with app_key, method, access_token, timestamp (GMT+8 "yyyy-MM-dd HH:mm:ss"), v=2,
 * sign_method=hmac-sha256 and sign in the query, and param_json as the JSON body
 * (signature.ts). Answers `{ code, msg, sub_code, sub_msg, data }`, code 10000 = success.
 *
 * Token of a tool app (credentials with an accessToken): the store's managed token (server's
 * token manager), renewed once with token.refresh (tokens.ts) when a call is refused for it.
 * Token of a self-use app: it calls token.create with grant_type authorization_self and the
 * shop_id, and gets { access_token, expires_in } (valid for days). Cached per app and shop
 * until 5 minutes before expiry; dropped and created again once when the API says the
 * token is invalid or expired.
 *
 * Failure classes (Doudian public error codes, op.jinritemai.com/docs/guide-docs/10/1427 —
 * thin): 20000 service unavailable, 70000+ / HTTP 5xx / timeouts / network → transient;
 * 30001–30099 authorization (token) → one token refresh, then transient; everything else
 * (40000 bad parameters, 50000/50002 business refusal …) → permanent.
 */

export type DouyinCallResult<T> = { ok: true; value: T } | { ok: false; permanent: boolean; reason: string };
/** A failed call that failed because the access token was refused: worth one new token. */
type RawCallResult = DouyinCallResult<unknown> | { ok: false; permanent: false; reason: string; tokenRefused: true };

const tokens = new Map<string, { token: string; expiresAt: number }>();

function cacheKey(credentials: DouyinCredentials): string {
  return `${credentials.apiUrl}|${credentials.appKey}|${credentials.shopId}`;
}

export function doudianTimestamp(now: Date): string {
  // GMT+8, the platform's clock.
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function isTokenCode(code: number): boolean {
  return code >= 30001 && code <= 30099;
}

function isTransientCode(code: number): boolean {
  return code === 20000 || code >= 70000;
}

async function accessToken(credentials: DouyinCredentials, signal: AbortSignal): Promise<DouyinCallResult<string>> {
  const cached = tokens.get(cacheKey(credentials));
  if (cached && cached.expiresAt > Date.now()) return { ok: true, value: cached.token };
  const answer = await call(credentials, 'token.create', { code: '', grant_type: 'authorization_self', shop_id: credentials.shopId }, null, signal);
  if (!answer.ok) return { ok: false, permanent: answer.permanent, reason: `token.create: ${answer.reason}` };
  const token = tokenAnswerSchema.safeParse(answer.value);
  if (!token.success) return { ok: false, permanent: false, reason: `unexpected Doudian token answer: ${describeZodError(token.error)}` };
  tokens.set(cacheKey(credentials), { token: token.data.access_token, expiresAt: Date.now() + Math.max(0, token.data.expires_in - 300) * 1000 });
  return { ok: true, value: token.data.access_token };
}

/** Calls a method that needs the shop's access token; renews the token once if it is refused. */
export async function callDoudian(
  credentials: DouyinCredentials,
  managed: AccessTokens | undefined,
  method: string,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<DouyinCallResult<unknown>> {
  if (credentials.accessToken !== undefined) {
    const answer = await callWithToken(
      managed ?? enteredTokenOnly(credentials.accessToken),
      signal,
      (token) => call(credentials, method, params, token, signal),
      (result) => (!result.ok && 'tokenRefused' in result ? result.reason : null),
    );
    return answer.ok ? answer : { ok: false, permanent: answer.permanent, reason: answer.reason };
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(credentials, signal);
    if (!token.ok) return token;
    const answer = await call(credentials, method, params, token.value, signal);
    if (!answer.ok && 'tokenRefused' in answer) {
      tokens.delete(cacheKey(credentials));
      continue;
    }
    if (!answer.ok) return { ok: false, permanent: answer.permanent, reason: answer.reason };
    return answer;
  }
  return { ok: false, permanent: false, reason: `Doudian ${method}: access token refused twice` };
}

export async function fetchOrderDetail(
  credentials: DouyinCredentials,
  tokens: AccessTokens | undefined,
  orderId: string,
  signal: AbortSignal,
): Promise<DouyinCallResult<DouyinOrderDetail>> {
  const answer = await callDoudian(credentials, tokens, 'order.orderDetail', { shop_order_id: orderId }, signal);
  if (!answer.ok) return answer;
  const detail = orderDetailAnswerSchema.safeParse(answer.value);
  if (!detail.success) return { ok: false, permanent: false, reason: `unexpected order.orderDetail answer: ${describeZodError(detail.error)}` };
  return { ok: true, value: detail.data.shop_order_detail };
}

/** A method called without an access token (token.create, token.refresh). */
export async function callDoudianUnauthorized(credentials: DouyinCredentials, method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<DouyinCallResult<unknown>> {
  const answer = await call(credentials, method, params, null, signal);
  return answer.ok ? answer : { ok: false, permanent: answer.permanent || 'tokenRefused' in answer, reason: answer.reason };
}

async function call(credentials: DouyinCredentials, method: string, params: Record<string, unknown>, token: string | null, signal: AbortSignal): Promise<RawCallResult> {
  const paramJson = sortedParamJson(params);
  const timestamp = doudianTimestamp(new Date());
  const query: Record<string, string> = { app_key: credentials.appKey, method, timestamp, v: '2', sign_method: 'hmac-sha256' };
  if (token !== null) query.access_token = token;
  query.sign = douyinApiSign(credentials.appKey, credentials.appSecret, method, paramJson, timestamp);
  const url = new URL(`/${method.replaceAll('.', '/')}`, credentials.apiUrl);
  url.search = new URLSearchParams(query).toString();

  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: paramJson, signal });
  } catch (error) {
    const reason = signal.aborted
      ? `Doudian ${method} did not answer in time (request aborted)`
      : `Doudian API unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return { ok: false, permanent: false, reason };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `Doudian API answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  const envelope = json.ok ? apiEnvelopeSchema.safeParse(json.value) : null;
  if (!envelope?.success) return { ok: false, permanent: false, reason: `Doudian ${method} answered HTTP ${response.status} with a body that is not its JSON envelope` };
  const { code, msg, sub_code: subCode, sub_msg: subMsg } = envelope.data;
  if (code !== 10000) {
    const detail = [msg, subCode, subMsg].filter(Boolean).join(' / ');
    if (isTokenCode(code)) return { ok: false, permanent: false, reason: `Doudian ${method} refused the access token (code ${code}): ${detail}`, tokenRefused: true };
    return { ok: false, permanent: !isTransientCode(code), reason: `Doudian ${method} refused (code ${code}): ${detail}` };
  }
  return { ok: true, value: envelope.data.data };
}
