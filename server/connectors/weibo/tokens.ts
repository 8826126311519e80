import { enteredDate, type TokenAuthority } from '../tokens/types';
import type { WeiboCredentials } from './credentials';

/**
 * Weibo's fan-service access token (粉丝服务 → 高级功能 → 开发模式, valid about a year) has no
 * public refresh call (open.weibo.com/wiki/Messages_api_start; the OAuth2 refresh_token is
 * issued to mobile SDK apps only). So it is tracked, not renewed: its expiry (when the owner
 * enters it) and Weibo's token errors mark the store for re-authorization.
 */
export const weiboTokens: TokenAuthority<WeiboCredentials> = {
  entered: (credentials) => ({
    accessToken: credentials.accessToken,
    refreshToken: null,
    expiresAt: enteredDate(credentials.accessExpiresAt),
    refreshExpiresAt: null,
  }),
};
