import { z } from 'zod';

/**
 * What an owner enters for a Taobao store. Field names are agreed with the server's demo
 * seeding and admin CLI; do not rename.
 * - appKey / appSecret: the ISV app's key pair on Taobao Open Platform (TOP).
 * - sellerNick: the shop's seller nick; TMC messages name it in `user_nick`.
 * - tmcUrl: the message service (production ws://mc.api.taobao.com/).
 * - apiUrl: the TOP REST gateway (production https://gw.api.taobao.com/router/rest).
 */
export const taobaoCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  sellerNick: z.string().min(1).max(128),
  tmcUrl: z.url({ protocol: /^wss?$/ }),
  apiUrl: z.url({ protocol: /^https?$/ }),
});
export type TaobaoCredentials = z.infer<typeof taobaoCredentialsSchema>;
