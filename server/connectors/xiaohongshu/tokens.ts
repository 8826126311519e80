import { z } from 'zod';
import { describeZodError } from '../json';
import { enteredGrant } from '../tokens/entered';
import type { RefreshOutcome, TokenAuthority } from '../tokens/types';
import { callXiaohongshu } from './api';
import type { XiaohongshuCredentials } from './credentials';

/**
 * Xiaohongshu's token renewal: the method oauth.refreshToken on the one API endpoint, signed
 * like every call, with `refreshToken` and no accessToken (open.xiaohongshu.com 授权说明 /
 * oauth.refreshToken, mirrored at xiaohongshu.apifox.cn; field names as in the public Python
 * SDK's RefreshTokenResponse). Its data: { accessToken, accessTokenExpiresAt, refreshToken,
 * refreshTokenExpiresAt } with times in Unix milliseconds. A new refresh token comes with
 * each renewal (rotated). `success: false` = the refresh token is expired or withdrawn:
 * re-authorize; HTTP 5xx / timeouts are passing.
 */
const refreshDataSchema = z.object({
  accessToken: z.string().min(1),
  accessTokenExpiresAt: z.coerce.number().int().positive().optional(),
  refreshToken: z.string().min(1).optional(),
  refreshTokenExpiresAt: z.coerce.number().int().positive().optional(),
});

export async function refreshXiaohongshuToken(credentials: XiaohongshuCredentials, refreshToken: string, signal: AbortSignal): Promise<RefreshOutcome> {
  const answer = await callXiaohongshu(credentials, 'oauth.refreshToken', { refreshToken }, signal, null);
  if (!answer.ok) return { ok: false, revoked: answer.permanent, reason: answer.reason };
  const data = refreshDataSchema.safeParse(answer.value);
  if (!data.success) return { ok: false, revoked: false, reason: `unexpected oauth.refreshToken answer: ${describeZodError(data.error)}` };
  return {
    ok: true,
    grant: {
      accessToken: data.data.accessToken,
      refreshToken: data.data.refreshToken ?? null,
      expiresAt: data.data.accessTokenExpiresAt !== undefined ? new Date(data.data.accessTokenExpiresAt) : null,
      refreshExpiresAt: data.data.refreshTokenExpiresAt !== undefined ? new Date(data.data.refreshTokenExpiresAt) : null,
    },
  };
}

export const xiaohongshuTokens: TokenAuthority<XiaohongshuCredentials> = {
  entered: (credentials) => enteredGrant(credentials),
  refresh: refreshXiaohongshuToken,
};
