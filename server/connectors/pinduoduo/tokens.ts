import { z } from 'zod';
import { describeZodError } from '../json';
import { enteredGrant } from '../tokens/entered';
import type { RefreshOutcome, TokenAuthority } from '../tokens/types';
import { callPdd } from './api';
import type { PinduoduoCredentials } from './credentials';

/**
 * Pinduoduo's token renewal: pdd.pop.auth.token.refresh on the API gateway, signed like every
 * call but without an access_token, with the refresh_token (open.pinduoduo.com API
 * pdd.pop.auth.token.refresh; fields as in the public SDKs github.com/lywzx/pdd-node-sdk and
 * the Rust crate open-pdd): answers pop_auth_token_refresh_response { access_token,
 * expires_at, expires_in, refresh_token, refresh_token_expires_at, … } with times in Unix
 * seconds. The refresh token is not rotated by Pinduoduo (the same one comes back); Huixin
 * keeps whatever is answered. A refusal (error_response) means the refresh token is expired
 * or the shop withdrew the authorisation: re-authorize. HTTP 5xx / timeouts are passing.
 */
const refreshAnswerSchema = z.object({
  pop_auth_token_refresh_response: z.object({
    access_token: z.string().min(1),
    expires_at: z.coerce.number().int().positive().optional(),
    expires_in: z.coerce.number().int().nonnegative().optional(),
    refresh_token: z.string().min(1).optional(),
    refresh_token_expires_at: z.coerce.number().int().positive().optional(),
  }),
});

export async function refreshPddToken(credentials: PinduoduoCredentials, refreshToken: string, signal: AbortSignal): Promise<RefreshOutcome> {
  const answer = await callPdd(credentials, 'pdd.pop.auth.token.refresh', { refresh_token: refreshToken }, signal, null);
  if (!answer.ok) return { ok: false, revoked: answer.permanent || answer.tokenRefused === true, reason: answer.reason };
  const parsed = refreshAnswerSchema.safeParse(answer.value);
  if (!parsed.success) return { ok: false, revoked: false, reason: `unexpected pdd.pop.auth.token.refresh answer: ${describeZodError(parsed.error)}` };
  const token = parsed.data.pop_auth_token_refresh_response;
  const expiresAt = token.expires_at !== undefined ? new Date(token.expires_at * 1000) : token.expires_in !== undefined ? new Date(Date.now() + token.expires_in * 1000) : null;
  return {
    ok: true,
    grant: {
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? null,
      expiresAt,
      refreshExpiresAt: token.refresh_token_expires_at !== undefined ? new Date(token.refresh_token_expires_at * 1000) : null,
    },
  };
}

export const pinduoduoTokens: TokenAuthority<PinduoduoCredentials> = {
  entered: (credentials) => enteredGrant(credentials),
  refresh: refreshPddToken,
};
