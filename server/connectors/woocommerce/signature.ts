import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * WooCommerce webhook signatures: `X-WC-Webhook-Signature` is the base64 HMAC-SHA256 of the
 * RAW request body keyed with the webhook's secret (WC_Webhook::generate_signature in
 * WooCommerce core, includes/class-wc-webhook.php: base64_encode(hash_hmac('sha256',
 * $payload, $secret, true))). Compared in constant time over the exact bytes received.
 */
export function woocommerceSignature(secret: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function isValidWooCommerceSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (header === undefined || !BASE64.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The ping WooCommerce sends when a webhook is created or its URL changes
 * (WC_Webhook::deliver_ping): a form-encoded body `webhook_id=<id>` with NO signature and no
 * topic headers. It must be answered 200, or WooCommerce refuses to save the webhook. It
 * carries nothing we store, so accepting it unsigned is safe.
 */
const PING_BODY = /^webhook_id=\d{1,20}$/;

export function isWooCommercePing(headers: Readonly<Record<string, string | undefined>>, rawBody: Buffer): boolean {
  return headers['x-wc-webhook-topic'] === undefined && rawBody.length <= 40 && PING_BODY.test(rawBody.toString('utf8').trim());
}
