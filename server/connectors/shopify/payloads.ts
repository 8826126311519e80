import { z } from 'zod';
import { isoTimeSchema, moneySchema } from '../../../shared';
import { platformIdSchema } from '../json';

/**
 * The parts of Shopify's webhook payloads that Huixin reads. The payload of an order topic
 * is the REST Admin API Order resource (https://shopify.dev/docs/api/webhooks, topics
 * orders/create, orders/paid, orders/fulfilled, orders/cancelled, orders/updated); unknown
 * fields are allowed and dropped. Ids are read through `platformIdSchema` after a lossless
 * parse, so 820982911946154508 stays 820982911946154508.
 */

const nullableText = z.string().max(20_000).nullish();

export const shopifyCustomerSchema = z.object({
  id: platformIdSchema,
  email: nullableText,
  first_name: nullableText,
  last_name: nullableText,
});

/** Shopify's MailingAddress (order.shipping_address / billing_address): personal data. */
export const shopifyAddressSchema = z.object({
  name: nullableText,
  first_name: nullableText,
  last_name: nullableText,
  address1: nullableText,
  address2: nullableText,
  city: nullableText,
  province: nullableText,
  zip: nullableText,
  country: nullableText,
  phone: nullableText,
});
export type ShopifyAddress = z.infer<typeof shopifyAddressSchema>;

export const shopifyLineItemSchema = z.object({
  id: platformIdSchema.optional(),
  /** Null for a custom line item (no product behind it). */
  product_id: platformIdSchema.nullish(),
  title: z.string().max(500),
  variant_title: nullableText,
  sku: z.string().max(128).nullish(),
  quantity: z.number().int().positive(),
  price: moneySchema,
});

/**
 * A fulfillment inside the order resource: Shopify fills tracking_company and
 * tracking_number(s) when the merchant ships with tracking (Order resource, `fulfillments`).
 */
export const shopifyFulfillmentSchema = z.object({
  status: z.string().max(64).nullish(),
  tracking_company: nullableText,
  tracking_number: nullableText,
  tracking_numbers: z.array(z.string().max(100)).max(50).nullish(),
});

export const shopifyOrderSchema = z.object({
  id: platformIdSchema,
  admin_graphql_api_id: z.string().optional(),
  /** The order's display name, e.g. "#1001". */
  name: z.string().min(1).max(64),
  email: nullableText,
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema.nullish(),
  currency: z.string().min(3).max(3),
  total_price: moneySchema,
  financial_status: z.string().max(64).nullish(),
  fulfillment_status: z.string().max(64).nullish(),
  cancelled_at: isoTimeSchema.nullish(),
  cancel_reason: z.string().max(64).nullish(),
  closed_at: isoTimeSchema.nullish(),
  /** The buyer's note at checkout: the one place a Shopify buyer writes free text to the seller. */
  note: nullableText,
  customer_locale: z.string().max(35).nullish(),
  line_items: z.array(shopifyLineItemSchema).max(500),
  fulfillments: z.array(shopifyFulfillmentSchema).max(100).nullish(),
  customer: shopifyCustomerSchema.nullish(),
  phone: nullableText,
  shipping_address: shopifyAddressSchema.nullish(),
  billing_address: shopifyAddressSchema.nullish(),
});
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

/**
 * The REST Admin API Product resource, as products/create and products/update send it
 * (https://shopify.dev/docs/api/admin-rest/latest/resources/product): `status` is
 * active, archived or draft; prices and SKUs live on the variants; `image` is the main
 * image (null without one). products/delete sends only `{ "id": … }`.
 */
export const shopifyProductSchema = z.object({
  id: platformIdSchema,
  title: z.string().max(20_000),
  handle: z.string().max(255).nullish(),
  status: z.string().max(32).nullish(),
  updated_at: isoTimeSchema.nullish(),
  created_at: isoTimeSchema.nullish(),
  variants: z
    .array(z.object({ id: platformIdSchema.optional(), price: moneySchema, sku: z.string().max(128).nullish() }))
    .max(2000)
    .default([]),
  image: z.object({ src: z.string().max(2000) }).nullish(),
  images: z.array(z.object({ src: z.string().max(2000) })).max(250).nullish(),
});
export type ShopifyProduct = z.infer<typeof shopifyProductSchema>;

export const shopifyProductDeleteSchema = z.object({ id: platformIdSchema });

/** Shopify's documented webhook headers (https://shopify.dev/docs/apps/build/webhooks/delivery-structure). */
export const shopifyWebhookHeadersSchema = z.object({
  'x-shopify-topic': z.string().min(1).max(200),
  'x-shopify-shop-domain': z.string().min(1).max(255),
  'x-shopify-webhook-id': z.string().min(1).max(200).optional(),
  'x-shopify-event-id': z.string().min(1).max(200).optional(),
  'x-shopify-triggered-at': z.string().max(64).optional(),
  'x-shopify-api-version': z.string().max(32).optional(),
});
export type ShopifyWebhookHeaders = z.infer<typeof shopifyWebhookHeadersSchema>;
