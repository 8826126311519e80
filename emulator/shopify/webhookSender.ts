import { createHmac, randomUUID } from 'node:crypto';
import type { ShopifyEmulatedStore } from '../config';

/**
 * Delivers Shopify webhooks to Huixin the way Shopify does: POST JSON with
 * X-Shopify-Topic, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body keyed by the
 * app secret), X-Shopify-Shop-Domain, X-Shopify-Webhook-Id, X-Shopify-Event-Id,
 * X-Shopify-Triggered-At and X-Shopify-API-Version
 * (https://shopify.dev/docs/apps/build/webhooks/delivery-structure). Like Shopify it retries
 * when the receiver is unreachable or answers 5xx, with growing delays.
 */

export const SHOPIFY_API_VERSION = '2025-07';

export interface ShopifyWebhookRequest {
  storeId: string;
  topic: string;
  body: string;
  headers: Record<string, string>;
}

export interface ShopifyDeliveryRecord {
  storeId: string;
  topic: string;
  webhookId: string;
  eventId: string;
  /** Final HTTP status, or null when Huixin could not be reached at all. */
  status: number | null;
  attempts: number;
  responseBody: string;
  forged: boolean;
  replayOf: string | null;
}

export function shopifySignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('base64');
}

export function buildShopifyWebhook(store: ShopifyEmulatedStore, topic: string, body: string, now: Date = new Date()): ShopifyWebhookRequest {
  return {
    storeId: store.id,
    topic,
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': shopifySignature(store.credentials.webhookSecret, body),
      'x-shopify-shop-domain': store.credentials.shopDomain,
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': randomUUID(),
      'x-shopify-triggered-at': now.toISOString(),
      'x-shopify-api-version': SHOPIFY_API_VERSION,
    },
  };
}

export async function postShopifyWebhook(
  huixinUrl: string,
  webhook: ShopifyWebhookRequest,
  options: { attempts: number; retryBaseMs: number; signal?: AbortSignal },
): Promise<{ status: number | null; attempts: number; responseBody: string }> {
  const url = `${huixinUrl.replace(/\/$/, '')}/webhooks/shopify/${encodeURIComponent(webhook.storeId)}`;
  let last: { status: number | null; responseBody: string } = { status: null, responseBody: '' };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.body, signal: options.signal ?? null });
      last = { status: response.status, responseBody: (await response.text()).slice(0, 2000) };
      if (response.status < 500) return { ...last, attempts: attempt };
    } catch (error) {
      if (options.signal?.aborted) return { ...last, attempts: attempt };
      last = { status: null, responseBody: error instanceof Error ? error.message : String(error) };
    }
    if (attempt < options.attempts) await delay(options.retryBaseMs * 2 ** (attempt - 1), options.signal);
  }
  return { ...last, attempts: options.attempts };
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
