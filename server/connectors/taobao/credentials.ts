import { z } from 'zod';

/**
 * What an owner enters for a Taobao store. Field names are agreed with the server's demo
 * seeding and admin CLI; do not rename.
 * - appKey / appSecret: the ISV app's key pair on Taobao Open Platform (TOP).
 * - sellerNick: the shop's seller nick; TMC messages name it in `user_nick`.
 * - tmcUrl: the message service; defaults to production ws://mc.api.taobao.com/.
 * - apiUrl: the TOP REST gateway; defaults to production https://gw.api.taobao.com/router/rest.
 * The defaults let an owner add a real store with only what Taobao gave them.
 */
export const TAOBAO_PRODUCTION_TMC_URL = 'ws://mc.api.taobao.com/';
export const TAOBAO_PRODUCTION_API_URL = 'https://gw.api.taobao.com/router/rest';

export const taobaoCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  sellerNick: z.string().min(1).max(128),
  tmcUrl: z.url({ protocol: /^wss?$/ }).default(TAOBAO_PRODUCTION_TMC_URL),
  apiUrl: z.url({ protocol: /^https?$/ }).default(TAOBAO_PRODUCTION_API_URL),
});
export type TaobaoCredentials = z.infer<typeof taobaoCredentialsSchema>;
