import { z } from 'zod';
import { enteredTokenFields } from '../tokens/entered';

/**
 * What an owner enters for a JD.com POP store (京东 POP 店), for an app on the JD open
 * platform JOS (jos.jd.com):
 * - appKey / appSecret: the app's key pair (API signing).
 * - venderId: the shop's vender id; orders of other venders are recorded as ignored.
 * - accessToken: the shop's authorisation for the app (OAuth, open-oauth.jd.com).
 * - refreshToken, accessExpiresAt, refreshExpiresAt (optional): from the same OAuth answer; with
 *   the refresh token Huixin renews the access token itself (tokens.ts).
 * - oauthUrl: JD's OAuth server; production https://open-oauth.jd.com.
 * - apiUrl: the JOS gateway; production https://api.jd.com/routerjson.
 * - pollSeconds: how often Huixin asks JOS for changed orders (see poller.ts for why it polls).
 */
export const JD_PRODUCTION_API_URL = 'https://api.jd.com/routerjson';
export const JD_PRODUCTION_OAUTH_URL = 'https://open-oauth.jd.com';

export const jdCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  venderId: z.string().regex(/^\d{1,20}$/, 'the vender id is digits'),
  accessToken: z.string().min(1).max(1024),
  ...enteredTokenFields,
  oauthUrl: z.url({ protocol: /^https?$/ }).default(JD_PRODUCTION_OAUTH_URL),
  apiUrl: z.url({ protocol: /^https?$/ }).default(JD_PRODUCTION_API_URL),
  pollSeconds: z.coerce.number().int().min(1).max(3600).default(60),
});
export type JdCredentials = z.infer<typeof jdCredentialsSchema>;
