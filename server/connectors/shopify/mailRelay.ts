import type { ConnectorStore, ReplyTarget, SendResult } from '../types';
import { sendReplyByMailRelay } from '../mailRelay';
import { shopifyCredentialsSchema } from './credentials';
import type { ShopifyCredentials } from './credentials';

/**
 * Replies to Shopify buyers go out BY E-MAIL: Shopify has no public API for messaging a
 * buyer (Shopify Inbox has none). The relay protocol is shared with WooCommerce
 * (../mailRelay.ts).
 */
export async function sendShopifyReplyByEmail(
  store: ConnectorStore<ShopifyCredentials>,
  target: ReplyTarget,
  signal: AbortSignal,
): Promise<SendResult> {
  const credentials = shopifyCredentialsSchema.safeParse(store.credentials);
  if (!credentials.success) return { ok: false, permanent: true, reason: 'store has invalid Shopify credentials' };
  const { mailRelayUrl, mailRelayToken } = credentials.data;
  return sendReplyByMailRelay({ relayUrl: mailRelayUrl, relayToken: mailRelayToken, storeName: store.name, platformLabel: 'Shopify' }, target, signal);
}

export { replySubject } from '../mailRelay';
