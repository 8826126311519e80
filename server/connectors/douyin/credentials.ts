import { z } from 'zod';
import { enteredTokenFields } from '../tokens/entered';

/**
 * What an owner enters for a Douyin Shop (抖店) store, for a self-use app (自用型应用) on the
 * Doudian open platform (op.jinritemai.com):
 * - appKey / appSecret: the app's key pair; pushes name the app in the `app-id` header and
 *   are signed with the secret (signature.ts).
 * - shopId: the shop's id; pushes carry it as `shop_id`, and the access token is created for it.
 * - apiUrl: the open API gateway; production https://openapi-fxg.jinritemai.com.
 * - accessToken, refreshToken, accessExpiresAt, refreshExpiresAt: only for a third-party tool app
 *   (工具型应用), whose shop authorises it by OAuth: the tokens from that authorisation. Huixin
 *   renews them with token.refresh (tokens.ts).
 * Without an access token the app is self-use (自用型): it creates its token with token.create
 * (grant_type authorization_self) and Huixin caches it (api.ts).
 */
export const DOUYIN_PRODUCTION_API_URL = 'https://openapi-fxg.jinritemai.com';

export const douyinCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  shopId: z.string().regex(/^\d{1,20}$/, 'the shop id is digits'),
  accessToken: z.string().min(1).max(1024).optional(),
  ...enteredTokenFields,
  apiUrl: z.url({ protocol: /^https?$/ }).default(DOUYIN_PRODUCTION_API_URL),
});
export type DouyinCredentials = z.infer<typeof douyinCredentialsSchema>;
