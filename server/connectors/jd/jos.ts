import { z } from 'zod';
import { parseJsonLosslessly } from '../json';
import { callWithToken } from '../tokens/entered';
import type { TokenFailure } from '../tokens/entered';
import type { AccessTokens } from '../tokens/types';
import type { JdCredentials } from './credentials';
import { josSign, josTime } from './sign';

/**
 * Calls to the JOS gateway (credentials.apiUrl): POST form-encoded with method, app_key,
 * access_token, timestamp, v=2.0, 360buy_param_json and sign (sign.ts). A result is
 * `{ "<method with dots as underscores>_responce": … }` (JD's spelling); a refusal is
 * `{ "error_response": { code, zh_desc, en_desc } }`.
 *
 * Failure classes (JOS public error codes, thin): HTTP 5xx, timeouts, network, and codes
 * 1 (service unavailable), 67 (platform busy), 38 / 39 (call limits) are transient;
 * everything else (20/21 bad parameters, 41/42 permission …) is permanent. Code 19 (access
 * token invalid or expired) renews the token once (tokens.ts) and retries the call once.
 */

/** `mayHaveApplied`: the request went out and no readable answer came back (see SendResult). */
export type JosCallResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; permanent: boolean; reason: string; tokenRefused?: boolean; mayHaveApplied?: boolean };

/** JOS's code for an invalid or expired access_token (jos.jd.com error codes). */
export const JOS_TOKEN_CODE = 19;

const TRANSIENT_CODES = new Set([1, 38, 39, 67]);

const errorSchema = z.object({
  error_response: z.object({
    code: z.coerce.number().int(),
    zh_desc: z.string().max(2000).optional(),
    en_desc: z.string().max(2000).optional(),
  }),
});

export function josResponseKey(method: string): string {
  return `${method.replaceAll('.', '_')}_responce`;
}

/** One JOS call with the store's current token, renewed once when JOS refuses it. */
export async function callJosWithToken(
  credentials: JdCredentials,
  tokens: AccessTokens,
  method: string,
  business: Record<string, unknown>,
  signal: AbortSignal,
): Promise<JosCallResult | TokenFailure> {
  return callWithToken(
    tokens,
    signal,
    (token) => callJos(credentials, token, method, business, signal),
    (result) => (!result.ok && result.tokenRefused ? result.reason : null),
  );
}

export async function callJos(credentials: JdCredentials, accessToken: string, method: string, business: Record<string, unknown>, signal: AbortSignal): Promise<JosCallResult> {
  const params: Record<string, string> = {
    method,
    app_key: credentials.appKey,
    access_token: accessToken,
    timestamp: josTime(new Date()),
    v: '2.0',
    '360buy_param_json': JSON.stringify(business),
  };
  params.sign = josSign(params, credentials.appSecret);
  let response: Response;
  try {
    response = await fetch(credentials.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
      signal,
    });
  } catch (error) {
    const reason = signal.aborted
      ? `JOS ${method} did not answer in time (request aborted)`
      : `JOS gateway unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    // Aborted: the request may have been received and carried out. Unreachable: it never left.
    return { ok: false, permanent: false, reason, ...(signal.aborted ? { mayHaveApplied: true } : {}) };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `JOS gateway answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, permanent: false, reason: `JOS ${method} answered HTTP ${response.status} with a body that is not JSON`, ...(response.ok ? { mayHaveApplied: true } : {}) };
  }
  const refusal = errorSchema.safeParse(json.value);
  if (refusal.success) {
    const e = refusal.data.error_response;
    const reason = `JOS ${method} refused (code ${e.code}): ${e.zh_desc ?? e.en_desc ?? ''}`;
    if (e.code === JOS_TOKEN_CODE) return { ok: false, permanent: false, reason, tokenRefused: true };
    return { ok: false, permanent: !TRANSIENT_CODES.has(e.code), reason };
  }
  return { ok: true, body: json.value as Record<string, unknown> };
}
