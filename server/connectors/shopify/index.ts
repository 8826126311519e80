import type { Connector } from '../types';
import { shopifyCredentialsSchema } from './credentials';
import type { ShopifyCredentials } from './credentials';
import { sendShopifyReplyByEmail } from './mailRelay';
import { shopifyWebhook } from './webhook';

/**
 * Shopify: order events in by webhook (documented, HMAC-signed), replies out by e-mail.
 * Chat in: NO — Shopify has no public buyer-chat API; the buyer's checkout note is the only
 * buyer text and arrives with the order. Replies: by e-mail through the store's mail relay.
 */
export const shopifyConnector: Connector<ShopifyCredentials> = {
  platform: 'shopify',
  capabilities: {
    chatIn: false,
    // Agents can answer a Shopify buyer, but the answer travels as an e-mail (see mailRelay.ts).
    chatOut: true,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: shopifyCredentialsSchema,
  webhook: shopifyWebhook,
  sendReply: sendShopifyReplyByEmail,
};

export { shopifyCredentialsSchema } from './credentials';
export type { ShopifyCredentials } from './credentials';
export { shopifyHmac } from './signature';
