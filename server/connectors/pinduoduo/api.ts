import { z } from 'zod';
import { describeZodError, parseJsonLosslessly } from '../json';
import { callWithToken } from '../tokens/entered';
import type { AccessTokens } from '../tokens/types';
import type { PinduoduoCredentials } from './credentials';
import { pddOrderInfoSchema } from './mapping';
import type { PddOrderInfo } from './mapping';
import { pddApiSign } from './sign';

/**
 * Calls to the Pinduoduo API gateway (credentials.apiUrl): POST form-encoded with type,
 * client_id, access_token, timestamp (Unix seconds), data_type=JSON and sign (sign.ts).
 * A result is `{ "<type minus pdd., dots as underscores>_response": … }`; a refusal is
 * `{ "error_response": { error_code, error_msg, sub_code, sub_msg } }`.
 *
 * Failure classes (open platform's public error-code page, thin): HTTP 5xx, timeouts,
 * network, and the codes for call-frequency limits and platform faults (20031, 50000–50099,
 * 70000–70099) are transient; everything else (bad parameters …) is permanent and needs the
 * owner. An expired or invalid access token (10019, "access_token已过期") is renewed once
 * with pdd.pop.auth.token.refresh (tokens.ts) and the call retried once.
 */

export type PddCallResult<T> = { ok: true; value: T } | { ok: false; permanent: boolean; reason: string; tokenRefused?: boolean };

/** The gateway's code for an expired or invalid access_token (open.pinduoduo.com error codes). */
export const PDD_TOKEN_EXPIRED_CODE = 10019;

const errorSchema = z.object({
  error_response: z.object({
    error_code: z.coerce.number().int(),
    error_msg: z.string().max(2000).optional(),
    sub_code: z.union([z.string(), z.number()]).optional(),
    sub_msg: z.string().max(2000).optional(),
  }),
});

function isTransient(code: number): boolean {
  return code === 20031 || (code >= 50000 && code <= 50099) || (code >= 70000 && code <= 70099);
}

/** One gateway call; `accessToken` null for calls made without one (pdd.pop.auth.token.refresh). */
export async function callPdd(
  credentials: PinduoduoCredentials,
  type: string,
  params: Record<string, string>,
  signal: AbortSignal,
  accessToken: string | null,
): Promise<PddCallResult<Record<string, unknown>>> {
  const all: Record<string, string> = {
    ...params,
    type,
    client_id: credentials.clientId,
    ...(accessToken !== null ? { access_token: accessToken } : {}),
    timestamp: String(Math.floor(Date.now() / 1000)),
    data_type: 'JSON',
  };
  all.sign = pddApiSign(all, credentials.clientSecret);
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
      ? `Pinduoduo ${type} did not answer in time (request aborted)`
      : `Pinduoduo API unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return { ok: false, permanent: false, reason };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `Pinduoduo API answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, permanent: false, reason: `Pinduoduo ${type} answered HTTP ${response.status} with a body that is not JSON` };
  }
  const refusal = errorSchema.safeParse(json.value);
  if (refusal.success) {
    const e = refusal.data.error_response;
    const detail = [e.error_msg, e.sub_code, e.sub_msg].filter((part) => part !== undefined && part !== '').join(' / ');
    const reason = `Pinduoduo ${type} refused (code ${e.error_code}): ${detail}`;
    if (e.error_code === PDD_TOKEN_EXPIRED_CODE) return { ok: false, permanent: false, reason, tokenRefused: true };
    return { ok: false, permanent: !isTransient(e.error_code), reason };
  }
  return { ok: true, value: json.value as Record<string, unknown> };
}

const orderAnswerSchema = z.object({ order_info_get_response: z.object({ order_info: pddOrderInfoSchema }) });

export async function fetchPddOrder(credentials: PinduoduoCredentials, tokens: AccessTokens, orderSn: string, signal: AbortSignal): Promise<PddCallResult<PddOrderInfo>> {
  const answer = await callWithToken(
    tokens,
    signal,
    (token) => callPdd(credentials, 'pdd.order.information.get', { order_sn: orderSn }, signal, token),
    (result) => (!result.ok && result.tokenRefused ? result.reason : null),
  );
  if (!answer.ok) return answer;
  const parsed = orderAnswerSchema.safeParse(answer.value);
  if (!parsed.success) return { ok: false, permanent: false, reason: `unexpected pdd.order.information.get answer: ${describeZodError(parsed.error)}` };
  return { ok: true, value: parsed.data.order_info_get_response.order_info };
}
