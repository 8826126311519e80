import { describeZodError, parseJsonLosslessly } from '../json';
import { callWithToken } from '../tokens/entered';
import type { AccessTokens } from '../tokens/types';
import type { XiaohongshuCredentials } from './credentials';
import { apiEnvelopeSchema, orderDetailSchema } from './payloads';
import type { XiaohongshuOrderDetail } from './payloads';
import { xiaohongshuApiSign } from './signature';

/**
 * Calls to the Xiaohongshu open API: one endpoint (credentials.apiUrl), JSON POST with the
 * system parameters appId, timestamp (Unix seconds), version "2.0", method and sign
 * (signature.ts) plus accessToken, beside the method's own parameters
 * (open.xiaohongshu.com 系统参数 developer/file/40, 签名算法 developer/file/39).
 *
 * Failure classes (the public error table is thin): HTTP 5xx, timeouts and network errors →
 * transient (the push is answered 503 and Xiaohongshu pushes again); an answer with
 * `success: false` (no such order, not this seller's …) → permanent, except a refused access
 * token, which is renewed once (oauth.refreshToken, tokens.ts) and the call retried once.
 */

export type XiaohongshuCallResult<T> = { ok: true; value: T } | { ok: false; permanent: boolean; reason: string; tokenRefused?: boolean };

/**
 * Codes of a refused access token. The public error table is thin: -102 (accessToken invalid)
 * and -104 (accessToken expired) are what Huixin assumes, and so does its emulator; a refusal
 * whose message names the accessToken counts too.
 */
export const XIAOHONGSHU_TOKEN_CODES: ReadonlySet<number> = new Set([-102, -104]);

function isTokenRefusal(code: number, msg: string): boolean {
  return XIAOHONGSHU_TOKEN_CODES.has(code) || /access_?token/i.test(msg);
}

export const API_VERSION = '2.0';

/** One API call; `accessToken` null for the OAuth methods themselves (oauth.refreshToken). */
export async function callXiaohongshu(
  credentials: XiaohongshuCredentials,
  method: string,
  params: Record<string, unknown>,
  signal: AbortSignal,
  accessToken: string | null,
): Promise<XiaohongshuCallResult<unknown>> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = {
    ...params,
    appId: credentials.appKey,
    timestamp,
    version: API_VERSION,
    method,
    ...(accessToken !== null ? { accessToken } : {}),
    sign: xiaohongshuApiSign(method, credentials.appKey, timestamp, API_VERSION, credentials.appSecret),
  };
  let response: Response;
  try {
    response = await fetch(credentials.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body), signal });
  } catch (error) {
    const reason = signal.aborted
      ? `Xiaohongshu ${method} did not answer in time (request aborted)`
      : `Xiaohongshu API unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return { ok: false, permanent: false, reason };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `Xiaohongshu API answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  const envelope = json.ok ? apiEnvelopeSchema.safeParse(json.value) : null;
  if (!envelope?.success) return { ok: false, permanent: false, reason: `Xiaohongshu ${method} answered HTTP ${response.status} with a body that is not its JSON envelope` };
  if (!envelope.data.success) {
    const reason = `Xiaohongshu ${method} refused (code ${envelope.data.code}): ${envelope.data.msg}`.trim();
    if (accessToken !== null && isTokenRefusal(envelope.data.code, envelope.data.msg)) return { ok: false, permanent: false, reason, tokenRefused: true };
    return { ok: false, permanent: true, reason };
  }
  return { ok: true, value: envelope.data.data };
}

export async function fetchOrderDetail(
  credentials: XiaohongshuCredentials,
  tokens: AccessTokens,
  orderId: string,
  signal: AbortSignal,
): Promise<XiaohongshuCallResult<XiaohongshuOrderDetail>> {
  const answer = await callWithToken(
    tokens,
    signal,
    (token) => callXiaohongshu(credentials, 'order.getOrderDetail', { orderId }, signal, token),
    (result) => (!result.ok && result.tokenRefused ? result.reason : null),
  );
  if (!answer.ok) return answer;
  const detail = orderDetailSchema.safeParse(answer.value);
  if (!detail.success) return { ok: false, permanent: false, reason: `unexpected order.getOrderDetail answer: ${describeZodError(detail.error)}` };
  return { ok: true, value: detail.data };
}
