import type { Connector } from '../types';
import { sendReplyByMailRelay } from '../mailRelay';
import { woocommerceCredentialsSchema } from './credentials';
import type { WooCommerceCredentials } from './credentials';
import { woocommerceWebhook } from './webhook';

/**
 * WooCommerce: order events in by webhook (HMAC-signed, documented), replies out by e-mail
 * through the store's mail relay: WooCommerce has no buyer-chat API, and core webhooks have
 * no review topic.
 */
export const woocommerceConnector: Connector<WooCommerceCredentials> = {
  platform: 'woocommerce',
  capabilities: {
    chatIn: false,
    // An agent can answer, but the answer travels as an e-mail (../mailRelay.ts).
    chatOut: true,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: woocommerceCredentialsSchema,
  webhook: woocommerceWebhook,
  async sendReply(store, target, signal) {
    const credentials = woocommerceCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return { ok: false, permanent: true, reason: 'store has invalid WooCommerce credentials' };
    const { mailRelayUrl, mailRelayToken } = credentials.data;
    return sendReplyByMailRelay({ relayUrl: mailRelayUrl, relayToken: mailRelayToken, storeName: store.name, platformLabel: 'WooCommerce' }, target, signal);
  },
};

export { woocommerceCredentialsSchema } from './credentials';
export type { WooCommerceCredentials } from './credentials';
export { woocommerceSignature } from './signature';
