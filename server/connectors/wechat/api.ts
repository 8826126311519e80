import { z } from 'zod';
import { describeZodError, parseJsonLosslessly } from '../json';
import type { WeChatCredentials } from './credentials';

/**
 * Calls to the WeChat API (credentials.apiUrl) with an access token.
 * - Token: GET /cgi-bin/token?grant_type=client_credential&appid&secret → { access_token, expires_in }
 *   (developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html). Cached per
 *   app until 5 minutes before expiry; dropped and fetched again once when WeChat says it is
 *   invalid or expired (40001, 40014, 42001).
 * - Errors: `{ errcode, errmsg }` with errcode ≠ 0 (global return codes,
 *   developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html).
 *   Transient: -1 (system busy), 45009 / 45011 (call limits), HTTP 5xx, timeouts, network.
 *   Everything else is the caller's problem and permanent.
 */

/** `mayHaveApplied`: the request went out and no readable answer came back (see SendResult). */
export type WeChatCallResult = { ok: true; body: Record<string, unknown> } | { ok: false; permanent: boolean; reason: string; mayHaveApplied?: boolean };

const TRANSIENT_CODES = new Set([-1, 45009, 45011]);
const TOKEN_CODES = new Set([40001, 40014, 42001]);

const errorSchema = z.object({ errcode: z.coerce.number().int(), errmsg: z.string().max(1000).optional() }).loose();
const tokenSchema = z.object({ access_token: z.string().min(1).max(1024), expires_in: z.coerce.number().int().positive() });

const tokens = new Map<string, { token: string; expiresAt: number }>();

function cacheKey(credentials: WeChatCredentials): string {
  return `${credentials.apiUrl}|${credentials.appId}`;
}

export async function accessToken(credentials: WeChatCredentials, signal: AbortSignal): Promise<WeChatCallResult & { token?: string }> {
  const cached = tokens.get(cacheKey(credentials));
  if (cached && cached.expiresAt > Date.now()) return { ok: true, body: {}, token: cached.token };
  const url = new URL('/cgi-bin/token', credentials.apiUrl);
  url.search = new URLSearchParams({ grant_type: 'client_credential', appid: credentials.appId, secret: credentials.appSecret }).toString();
  const result = await request(url, { method: 'GET', signal }, 'token');
  if (!result.ok) return result;
  const token = tokenSchema.safeParse(result.body);
  if (!token.success) return { ok: false, permanent: false, reason: `unexpected WeChat token answer: ${describeZodError(token.error)}` };
  tokens.set(cacheKey(credentials), { token: token.data.access_token, expiresAt: Date.now() + Math.max(0, token.data.expires_in - 300) * 1000 });
  return { ok: true, body: {}, token: token.data.access_token };
}

/** POST JSON to an access-token API; retries once with a fresh token when WeChat rejects the token. */
export async function callWeChat(credentials: WeChatCredentials, path: string, payload: unknown, signal: AbortSignal): Promise<WeChatCallResult> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(credentials, signal);
    // No token, no call: nothing reached the API being called.
    if (!token.ok) return { ok: false, permanent: token.permanent, reason: token.reason };
    const url = new URL(path, credentials.apiUrl);
    url.search = new URLSearchParams({ access_token: token.token ?? '' }).toString();
    const result = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), signal }, path);
    if (!result.ok && result.reason.startsWith('token:')) {
      tokens.delete(cacheKey(credentials));
      continue;
    }
    return result;
  }
  return { ok: false, permanent: false, reason: `WeChat ${path}: access token refused twice` };
}

async function request(url: URL, init: RequestInit & { signal: AbortSignal }, what: string): Promise<WeChatCallResult> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const reason = init.signal.aborted
      ? `WeChat ${what} did not answer in time (request aborted)`
      : `WeChat API unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    // Aborted: the request may have been received and carried out. Unreachable: it never left.
    return { ok: false, permanent: false, reason, ...(init.signal.aborted ? { mayHaveApplied: true } : {}) };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, permanent: false, reason: `WeChat API answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    // A 2xx whose body was cut off (or aborted while reading) may stand for a message carried out.
    return { ok: false, permanent: false, reason: `WeChat ${what} answered HTTP ${response.status} with a body that is not JSON`, ...(response.ok ? { mayHaveApplied: true } : {}) };
  }
  const body = json.value as Record<string, unknown>;
  const error = errorSchema.safeParse(body);
  if (error.success && error.data.errcode !== 0) {
    const code = error.data.errcode;
    if (TOKEN_CODES.has(code)) return { ok: false, permanent: false, reason: `token: WeChat rejected the access token (${code})` };
    return { ok: false, permanent: !TRANSIENT_CODES.has(code), reason: `WeChat ${what} refused (errcode ${code}): ${error.data.errmsg ?? ''}`.trim() };
  }
  if (!response.ok) return { ok: false, permanent: true, reason: `WeChat API answered HTTP ${response.status}` };
  return { ok: true, body };
}
