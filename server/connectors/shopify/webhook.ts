import type { ConnectorStore, WebhookHandler, WebhookParseResult, WebhookRequest } from '../types';
import { describeZodError, parseJsonLosslessly } from '../json';
import { shopifyCredentialsSchema } from './credentials';
import type { ShopifyCredentials } from './credentials';
import { mapShopifyTopic } from './mapping';
import { shopifyWebhookHeadersSchema } from './payloads';
import { isValidShopifyHmac } from './signature';

/**
 * Inbound Shopify webhooks: POST /webhooks/shopify/<storeId> (route owned by the server).
 * Delivery format: https://shopify.dev/docs/apps/build/webhooks/delivery-structure
 */
// `satisfies`, not a type annotation: Shopify's parse is synchronous, and callers may rely on it.
export const shopifyWebhook = {
  verify(store: ConnectorStore<ShopifyCredentials>, request: WebhookRequest): boolean {
    // Credentials come from storage; a store saved with bad ones verifies nothing.
    const credentials = shopifyCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return false;
    return isValidShopifyHmac(credentials.data.webhookSecret, request.rawBody, request.headers['x-shopify-hmac-sha256']);
  },

  parse(store: ConnectorStore<ShopifyCredentials>, request: WebhookRequest): WebhookParseResult {
    const headers = shopifyWebhookHeadersSchema.safeParse(request.headers);
    if (!headers.success) return { ok: false, error: `Shopify headers: ${describeZodError(headers.error)}` };
    const h = headers.data;

    const credentials = shopifyCredentialsSchema.safeParse(store.credentials);
    const shopDomain = credentials.success ? credentials.data.shopDomain : undefined;
    if (shopDomain !== undefined && h['x-shopify-shop-domain'].toLowerCase() !== shopDomain.toLowerCase()) {
      return { ok: false, error: `webhook is for shop ${h['x-shopify-shop-domain']}, this store is ${shopDomain}` };
    }

    // Shopify's advice for duplicates is the event id (https://shopify.dev/apps/build/webhooks/ignore-duplicates);
    // older deliveries carry only the webhook id. The topic is part of the key because one
    // event (an order paid) can fire several topics that each carry their own change.
    const deliveryId = h['x-shopify-event-id'] ?? h['x-shopify-webhook-id'];
    if (deliveryId === undefined) return { ok: false, error: 'Shopify headers: X-Shopify-Event-Id or X-Shopify-Webhook-Id is required' };
    const dedupeKey = `shopify:${h['x-shopify-topic']}:${deliveryId}`;

    const json = parseJsonLosslessly(request.rawBody.toString('utf8'));
    if (!json.ok) return { ok: false, error: json.error };
    if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
      return { ok: false, error: 'Shopify payload must be a JSON object' };
    }
    const shop = { currency: store.currency, domain: shopDomain ?? h['x-shopify-shop-domain'] };
    const mapped = mapShopifyTopic(h['x-shopify-topic'], json.value, dedupeKey, h['x-shopify-triggered-at'] ?? null, shop);
    if (!mapped.ok) return mapped;
    return { ok: true, events: mapped.events, ignored: mapped.ignored };
  },
} satisfies WebhookHandler<ShopifyCredentials>;
