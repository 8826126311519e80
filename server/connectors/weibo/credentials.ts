import { z } from 'zod';
import { ENTERED_DATE_HINT, isEnteredDate } from '../tokens/types';

/**
 * What an owner enters for a Weibo brand account (a verified "blue V" account with 粉丝服务平台
 * developer mode switched on, open.weibo.com/wiki/Messages_api_start):
 * - appKey / appSecret: the app named in developer mode; Weibo signs every push with the secret.
 * - uid: the brand account's user id (the `receiver_id` of its pushes, the author of its posts).
 * - accessToken: the fan-service access token from 粉丝服务 → 高级功能 → 开发模式 (valid about a year);
 *   entered by the owner. Weibo publishes no refresh call for it: Huixin tracks its expiry
 *   (accessExpiresAt, when the owner enters it; else until Weibo refuses it, 21327/21332) and
 *   then asks the owner to enter a new one.
 * - apiUrl: Weibo's API base (comments), production https://api.weibo.com.
 * - messageApiUrl: the message API base (DM replies), production https://m.api.weibo.com.
 * - pollSeconds: how often new comments on the brand's posts are read (comments/to_me).
 */
export const WEIBO_PRODUCTION_API_URL = 'https://api.weibo.com';
export const WEIBO_PRODUCTION_MESSAGE_API_URL = 'https://m.api.weibo.com';

export const weiboCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  uid: z.string().regex(/^\d{1,20}$/, 'the brand account uid is digits'),
  accessToken: z.string().min(1).max(1024),
  accessExpiresAt: z.string().max(64).refine(isEnteredDate, ENTERED_DATE_HINT).optional(),
  apiUrl: z.url({ protocol: /^https?$/ }).default(WEIBO_PRODUCTION_API_URL),
  messageApiUrl: z.url({ protocol: /^https?$/ }).default(WEIBO_PRODUCTION_MESSAGE_API_URL),
  pollSeconds: z.coerce.number().int().min(1).max(3600).default(60),
});
export type WeiboCredentials = z.infer<typeof weiboCredentialsSchema>;
