import { z } from 'zod';
import { enteredTokenFields } from '../tokens/entered';

/**
 * What an owner enters for a Xiaohongshu (小红书) shop, for an app on the e-commerce open
 * platform (open.xiaohongshu.com):
 * - appKey / appSecret: the app's key pair. Pushes carry the key in the `app-key` header and
 *   are signed with the secret (signature.ts); API calls too.
 * - sellerId: the shop's seller id; every pushed message names it (`sellerId`).
 * - accessToken: the shop's OAuth access token (oauth.getAccessToken).
 * - refreshToken, accessExpiresAt, refreshExpiresAt (optional): from the same OAuth answer; with
 *   the refresh token Huixin renews the access token itself (oauth.refreshToken, tokens.ts).
 * - apiUrl: the open API's one endpoint; production https://ark.xiaohongshu.com/ark/open_api/v3/common_controller.
 * - pushPath: the path of the push URL as Xiaohongshu calls it, which the push signature
 *   covers. Absent = `/webhooks/xiaohongshu/<storeId>`; set it when a proxy in front of
 *   Huixin serves the URL under another path.
 */
export const XIAOHONGSHU_PRODUCTION_API_URL = 'https://ark.xiaohongshu.com/ark/open_api/v3/common_controller';

export const xiaohongshuCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  sellerId: z.string().min(1).max(64),
  accessToken: z.string().min(1).max(1024),
  ...enteredTokenFields,
  apiUrl: z.url({ protocol: /^https?$/ }).default(XIAOHONGSHU_PRODUCTION_API_URL),
  pushPath: z.string().regex(/^\/[^?#\s]*$/, 'a path such as /webhooks/xiaohongshu/<storeId>').max(500).optional(),
});
export type XiaohongshuCredentials = z.infer<typeof xiaohongshuCredentialsSchema>;
