import { z } from 'zod';
import { parseJsonLosslessly } from '../json';
import { callWithToken, type TokenFailure } from '../tokens/entered';
import type { AccessTokens } from '../tokens/types';

/**
 * Calls to Weibo's APIs with the fan-service access token.
 * Errors come as `{ error, error_code, request }` (open.weibo.com/wiki/Error_code). Transient:
 * 10001 system error, 10002 service unavailable, 10009 too many pending tasks, 10022–10024
 * rate limits (IP / user / user per API), HTTP 5xx, timeouts and network errors. Everything
 * else (20003 user does not exist, 20019 repeated content, quota or permission errors …) needs
 * a person and is permanent. Token codes (21314–21317 token used / expired / revoked /
 * rejected, 21327 expired_token, 21332 invalid_access_token) go to the token manager: the
 * fan-service token cannot be renewed, so the store is marked for re-authorization.
 */

/** `mayHaveApplied`: the request went out and no readable answer came back (see SendResult). */
export type WeiboCallResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; permanent: boolean; reason: string; tokenRefused?: boolean; mayHaveApplied?: boolean };

/** Weibo's access-token error codes (open.weibo.com/wiki/Error_code). */
export const WEIBO_TOKEN_CODES: ReadonlySet<number> = new Set([21314, 21315, 21316, 21317, 21327, 21332]);

const TRANSIENT_CODES = new Set([10001, 10002, 10009, 10022, 10023, 10024]);
const errorSchema = z.object({ error_code: z.coerce.number().int(), error: z.string().max(1000).optional() }).loose();

export async function callWeibo(
  url: URL,
  init: { method: 'GET' } | { method: 'POST'; form: Record<string, string> },
  signal: AbortSignal,
  what: string,
): Promise<WeiboCallResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      signal,
      ...(init.method === 'POST'
        ? { headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: new URLSearchParams(init.form).toString() }
        : {}),
    });
  } catch (error) {
    const reason = signal.aborted
      ? `Weibo ${what} did not answer in time (request aborted)`
      : `Weibo API unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    // Aborted: the request may have been received and carried out. Unreachable: it never left.
    return { ok: false, permanent: false, reason, ...(signal.aborted ? { mayHaveApplied: true } : {}) };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `Weibo ${what} answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, permanent: false, reason: `Weibo ${what} answered HTTP ${response.status} with a body that is not JSON`, ...(response.ok ? { mayHaveApplied: true } : {}) };
  }
  const body = json.value as Record<string, unknown>;
  const error = errorSchema.safeParse(body);
  if (error.success && error.data.error_code !== 0) {
    const code = error.data.error_code;
    const reason = `Weibo ${what} refused (error_code ${code}): ${error.data.error ?? ''}`.trim();
    if (WEIBO_TOKEN_CODES.has(code)) return { ok: false, permanent: false, reason, tokenRefused: true };
    return { ok: false, permanent: !TRANSIENT_CODES.has(code), reason };
  }
  if (!response.ok) return { ok: false, permanent: true, reason: `Weibo ${what} answered HTTP ${response.status}` };
  return { ok: true, body };
}

/** A call whose URL carries the store's current token (built by `url`); a refused token goes to the token manager. */
export async function callWeiboWithToken(
  tokens: AccessTokens,
  url: (token: string) => URL,
  init: { method: 'GET' } | { method: 'POST'; form: Record<string, string> },
  signal: AbortSignal,
  what: string,
): Promise<WeiboCallResult | TokenFailure> {
  return callWithToken(
    tokens,
    signal,
    (token) => callWeibo(url(token), init, signal, what),
    (result) => (!result.ok && result.tokenRefused ? result.reason : null),
  );
}

/** `<base>/<path>` with the access token in the query, as Weibo's examples call it. */
export function weiboUrl(base: string, path: string, query: Record<string, string>): URL {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  url.search = new URLSearchParams(query).toString();
  return url;
}
