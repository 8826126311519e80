import { z } from 'zod';
import { describeZodError, parseJsonLosslessly } from '../json';
import { enteredGrant } from '../tokens/entered';
import type { RefreshOutcome, TokenAuthority } from '../tokens/types';
import type { JdCredentials } from './credentials';

/**
 * JD's token renewal: GET <oauthUrl>/oauth2/refresh_token?app_key&app_secret&grant_type=refresh_token&refresh_token
 * (JD open platform OAuth 2.0 guide, jos.jd.com 授权文档; the URL as in public clients of
 * open-oauth.jd.com). It answers JSON { access_token, expires_in (s), refresh_token, time (ms),
 * scope, open_id, … }; a refusal carries a non-zero `code` and `msg` and no access_token.
 * A new refresh token comes back with each renewal (rotated): Huixin keeps the one answered.
 * HTTP 5xx, timeouts and network errors are passing; a refusal needs re-authorization.
 */
const refreshAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().nonnegative().optional(),
  refresh_token: z.string().min(1).optional(),
  time: z.coerce.number().int().positive().optional(),
});
const refusalSchema = z.object({ code: z.union([z.string(), z.number()]).optional(), msg: z.string().max(2000).optional() }).loose();

export async function refreshJdToken(credentials: JdCredentials, refreshToken: string, signal: AbortSignal): Promise<RefreshOutcome> {
  const url = new URL('/oauth2/refresh_token', credentials.oauthUrl);
  url.search = new URLSearchParams({ app_key: credentials.appKey, app_secret: credentials.appSecret, grant_type: 'refresh_token', refresh_token: refreshToken }).toString();
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', signal });
  } catch (error) {
    const reason = signal.aborted ? 'JD token refresh did not answer in time' : `JD OAuth unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return { ok: false, revoked: false, reason };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { ok: false, revoked: false, reason: `JD OAuth answered HTTP ${response.status}` };
  const json = parseJsonLosslessly(text);
  if (!json.ok) return { ok: false, revoked: false, reason: `JD token refresh answered HTTP ${response.status} with a body that is not JSON` };
  const token = refreshAnswerSchema.safeParse(json.value);
  if (!token.success) {
    const refusal = refusalSchema.safeParse(json.value);
    if (refusal.success && (refusal.data.code !== undefined || refusal.data.msg !== undefined)) {
      return { ok: false, revoked: true, reason: `JD refused the refresh token (code ${String(refusal.data.code ?? '?')}): ${refusal.data.msg ?? ''}`.trim() };
    }
    return { ok: false, revoked: false, reason: `unexpected JD token refresh answer: ${describeZodError(token.error)}` };
  }
  const issued = token.data.time !== undefined ? token.data.time : Date.now();
  return {
    ok: true,
    grant: {
      accessToken: token.data.access_token,
      refreshToken: token.data.refresh_token ?? null,
      expiresAt: token.data.expires_in !== undefined ? new Date(issued + token.data.expires_in * 1000) : null,
      refreshExpiresAt: null,
    },
  };
}

export const jdTokens: TokenAuthority<JdCredentials> = {
  entered: (credentials) => enteredGrant(credentials),
  refresh: refreshJdToken,
};
