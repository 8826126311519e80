import { z } from 'zod';
import { enteredTokenFields } from '../tokens/entered';

/**
 * What an owner enters for a Pinduoduo (拼多多) store, for an app on the Pinduoduo open
 * platform (open.pinduoduo.com):
 * - clientId / clientSecret: the app's key pair (PMC connect and API signing).
 * - mallId: the shop; PMC messages name it in `mallID`.
 * - accessToken: the shop's authorisation for the app (OAuth, pdd.pop.auth.token.create).
 * - refreshToken, accessExpiresAt, refreshExpiresAt (optional): from the same OAuth answer
 *   (refresh_token, expires_at, refresh_token_expires_at); with the refresh token Huixin
 *   renews the access token itself (pdd.pop.auth.token.refresh, tokens.ts).
 * - pmcUrl: the message service; production wss://message-api.pinduoduo.com/message.
 * - apiUrl: the API gateway; production https://gw-api.pinduoduo.com/api/router.
 */
export const PINDUODUO_PRODUCTION_PMC_URL = 'wss://message-api.pinduoduo.com/message';
export const PINDUODUO_PRODUCTION_API_URL = 'https://gw-api.pinduoduo.com/api/router';

export const pinduoduoCredentialsSchema = z.object({
  clientId: z.string().min(1).max(64),
  clientSecret: z.string().min(1).max(256),
  mallId: z.string().regex(/^\d{1,20}$/, 'the mall id is digits'),
  accessToken: z.string().min(1).max(1024),
  ...enteredTokenFields,
  pmcUrl: z.url({ protocol: /^wss?$/ }).default(PINDUODUO_PRODUCTION_PMC_URL),
  apiUrl: z.url({ protocol: /^https?$/ }).default(PINDUODUO_PRODUCTION_API_URL),
});
export type PinduoduoCredentials = z.infer<typeof pinduoduoCredentialsSchema>;
