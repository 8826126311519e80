import { z } from 'zod';
import { describeZodError } from '../json';
import { enteredGrant } from '../tokens/entered';
import type { RefreshOutcome, TokenAuthority } from '../tokens/types';
import { callDoudianUnauthorized } from './api';
import type { DouyinCredentials } from './credentials';

/**
 * Doudian token renewal for third-party tool apps (工具型应用): the method token.refresh
 * (op.jinritemai.com API docs, token.refresh; signed like every call, without an access
 * token; as in the open-source SDK github.com/minibear2021/doudian) with param_json
 * { grant_type: "refresh_token", refresh_token }. Its data: { access_token, expires_in (s),
 * refresh_token, scope, shop_id, shop_name }. The refresh token is rotated: each renewal
 * answers a new one and the used one stops working, so Huixin stores the new one in the same
 * statement as the access token. A refusal (code ≠ 10000, not a platform fault) = the refresh
 * token is expired or the shop withdrew the authorisation: re-authorize.
 * Self-use apps (自用型) have no refresh token: they keep token.create (api.ts).
 */
const refreshDataSchema = z.object({
  access_token: z.string().min(1).max(1024),
  expires_in: z.coerce.number().int().nonnegative().optional(),
  refresh_token: z.string().min(1).max(1024).optional(),
});

export async function refreshDouyinToken(credentials: DouyinCredentials, refreshToken: string, signal: AbortSignal): Promise<RefreshOutcome> {
  const answer = await callDoudianUnauthorized(credentials, 'token.refresh', { grant_type: 'refresh_token', refresh_token: refreshToken }, signal);
  if (!answer.ok) return { ok: false, revoked: answer.permanent, reason: answer.reason };
  const data = refreshDataSchema.safeParse(answer.value);
  if (!data.success) return { ok: false, revoked: false, reason: `unexpected token.refresh answer: ${describeZodError(data.error)}` };
  return {
    ok: true,
    grant: {
      accessToken: data.data.access_token,
      refreshToken: data.data.refresh_token ?? null,
      expiresAt: data.data.expires_in !== undefined ? new Date(Date.now() + data.data.expires_in * 1000) : null,
      refreshExpiresAt: null,
    },
  };
}

export const douyinTokens: TokenAuthority<DouyinCredentials> = {
  // Only tool apps enter tokens; a self-use app's token is created on demand (api.ts).
  entered: (credentials) => (credentials.accessToken !== undefined ? enteredGrant({ ...credentials, accessToken: credentials.accessToken }) : null),
  refresh: refreshDouyinToken,
};
