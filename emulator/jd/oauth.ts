import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http';
import type { EmulatedTokens } from '../tokens';

/**
 * JD's OAuth server as Huixin calls it: GET /oauth2/refresh_token?app_key&app_secret&
 * grant_type=refresh_token&refresh_token → { access_token, expires_in (s), refresh_token,
 * time (ms), token_type, scope }, the refresh token rotated. A wrong app key/secret or a
 * refused refresh token → { code, msg } without an access_token.
 */
export const JD_OAUTH_REFRESH_PATH = '/oauth2/refresh_token';

export function handleJdOauthRefresh(
  request: IncomingMessage,
  response: ServerResponse,
  context: { stores(): Array<{ id: string; credentials: { appKey: string; appSecret: string } }>; tokens: EmulatedTokens },
): void {
  const query = new URL(request.url ?? '/', 'http://emulator').searchParams;
  const store = context.stores().find((s) => s.credentials.appKey === query.get('app_key'));
  if (!store || store.credentials.appSecret !== query.get('app_secret')) return sendJson(response, 200, { code: 402, msg: 'app_key或app_secret无效' });
  if (query.get('grant_type') !== 'refresh_token') return sendJson(response, 200, { code: 401, msg: 'grant_type无效' });
  const renewed = context.tokens.refresh(store.id, query.get('refresh_token') ?? undefined);
  if (!renewed.ok) return sendJson(response, 200, { code: 403, msg: renewed.reason === 'expired' ? 'refresh_token已过期' : 'refresh_token无效' });
  const now = Date.now();
  sendJson(response, 200, {
    access_token: renewed.tokens.accessToken,
    expires_in: renewed.tokens.accessExpiresAt === null ? 31_536_000 : Math.round((renewed.tokens.accessExpiresAt - now) / 1000),
    refresh_token: renewed.tokens.refreshToken,
    time: now,
    token_type: 'bearer',
    scope: 'snsapi_base',
  });
}
