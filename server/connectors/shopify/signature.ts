import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify webhook signatures, as documented at
 * https://shopify.dev/docs/apps/build/webhooks/verify-deliveries : the
 * `X-Shopify-Hmac-SHA256` header is the base64 HMAC-SHA256 of the RAW request body, keyed
 * with the app's client secret. Compute over the exact bytes received (re-serialised JSON
 * differs in whitespace and number formatting) and compare in constant time.
 */
export function shopifyHmac(secret: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function isValidShopifyHmac(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (header === undefined || !BASE64.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  // timingSafeEqual throws on different lengths; a length mismatch is simply a bad signature.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
