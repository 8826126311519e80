import { z } from 'zod';

/**
 * What an owner enters for a WooCommerce store.
 * - webhookSecret: the "Secret" of the store's webhooks (WooCommerce → Settings → Advanced →
 *   Webhooks); WooCommerce signs every delivery with it. Use the same secret for all topics.
 * - siteUrl: when set, a delivery whose X-WC-Webhook-Source names another site is refused.
 * - mailRelayUrl / mailRelayToken: where replies go out as e-mail (WooCommerce has no
 *   buyer-chat API). Optional: without them everything is received and replies fail visibly.
 */
export const woocommerceCredentialsSchema = z.object({
  webhookSecret: z.string().min(1).max(512),
  siteUrl: z.url({ protocol: /^https?$/ }).optional(),
  mailRelayUrl: z.url({ protocol: /^https?$/ }).optional(),
  mailRelayToken: z.string().min(1).max(1024).optional(),
});
export type WooCommerceCredentials = z.infer<typeof woocommerceCredentialsSchema>;
