import type { ConnectorStore, WebhookHandler, WebhookParseResult, WebhookRequest } from '../types';
import { describeZodError, parseJsonLosslessly } from '../json';
import { woocommerceCredentialsSchema } from './credentials';
import type { WooCommerceCredentials } from './credentials';
import { mapWooCommerceTopic } from './mapping';
import { wooHeadersSchema } from './payloads';
import { isValidWooCommerceSignature, isWooCommercePing } from './signature';

/**
 * Inbound WooCommerce webhooks: POST /webhooks/woocommerce/<storeId>. The owner pastes that
 * URL as the Delivery URL of webhooks for "Order created" and "Order updated" (and "Product
 * created / updated / deleted" to fill the product catalogue), API version
 * WP REST API v3, with the store's secret.
 */
export const woocommerceWebhook: WebhookHandler<WooCommerceCredentials> = {
  verify(store: ConnectorStore<WooCommerceCredentials>, request: WebhookRequest): boolean {
    const credentials = woocommerceCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return false;
    if (isWooCommercePing(request.headers, request.rawBody)) return true;
    return isValidWooCommerceSignature(credentials.data.webhookSecret, request.rawBody, request.headers['x-wc-webhook-signature']);
  },

  parse(store: ConnectorStore<WooCommerceCredentials>, request: WebhookRequest): WebhookParseResult {
    if (isWooCommercePing(request.headers, request.rawBody)) return { ok: true, events: [], ignored: [] };
    const headers = wooHeadersSchema.safeParse(request.headers);
    if (!headers.success) return { ok: false, error: `WooCommerce headers: ${describeZodError(headers.error)}` };
    const h = headers.data;

    const credentials = woocommerceCredentialsSchema.safeParse(store.credentials);
    const siteUrl = credentials.success ? credentials.data.siteUrl : undefined;
    if (siteUrl !== undefined && h['x-wc-webhook-source'] !== undefined && normaliseSite(h['x-wc-webhook-source']) !== normaliseSite(siteUrl)) {
      return { ok: false, error: `webhook comes from ${h['x-wc-webhook-source']}, this store is ${siteUrl}` };
    }

    const json = parseJsonLosslessly(request.rawBody.toString('utf8'));
    if (!json.ok) return { ok: false, error: json.error };
    if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
      return { ok: false, error: 'WooCommerce payload must be a JSON object' };
    }
    return mapWooCommerceTopic(h['x-wc-webhook-topic'], json.value, h['x-wc-webhook-delivery-id'], store.currency);
  },
};

/** "https://shop.example/" and "https://shop.example" are the same site. */
function normaliseSite(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '');
}
