import { z } from 'zod';

/**
 * What an owner enters for a Shopify store. Field names are agreed with the server's demo
 * seeding and admin CLI; do not rename.
 * - webhookSecret: the app's client secret, which Shopify uses as the HMAC key for webhooks.
 * - shopDomain: when set, a webhook for another shop is refused.
 * - mailRelayUrl / mailRelayToken: where replies go out as e-mail (Shopify has no buyer-chat API).
 *   Optional: a store without them receives everything, and a reply fails visibly with the reason.
 */
export const shopifyCredentialsSchema = z.object({
  shopDomain: z.string().min(3).max(255).optional(),
  webhookSecret: z.string().min(1).max(512),
  mailRelayUrl: z.url({ protocol: /^https?$/ }).optional(),
  mailRelayToken: z.string().min(1).max(1024).optional(),
});
export type ShopifyCredentials = z.infer<typeof shopifyCredentialsSchema>;
