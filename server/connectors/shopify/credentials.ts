import { z } from 'zod';

/**
 * What an owner enters for a Shopify store. Field names are agreed with the server's demo
 * seeding and admin CLI; do not rename.
 * - webhookSecret: the app's client secret, which Shopify uses as the HMAC key for webhooks.
 * - mailRelayUrl / mailRelayToken: where replies go out as e-mail (Shopify has no buyer-chat API).
 */
export const shopifyCredentialsSchema = z.object({
  shopDomain: z.string().min(3).max(255),
  webhookSecret: z.string().min(1).max(512),
  mailRelayUrl: z.url({ protocol: /^https?$/ }),
  mailRelayToken: z.string().min(1).max(1024),
});
export type ShopifyCredentials = z.infer<typeof shopifyCredentialsSchema>;
