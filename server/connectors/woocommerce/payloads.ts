import { z } from 'zod';
import { platformIdSchema } from '../json';

/**
 * The parts of WooCommerce webhook deliveries that Huixin reads. An order topic's payload is
 * the REST API v3 Order resource (https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties);
 * unknown fields are allowed and dropped. Amounts are decimal strings, except a line item's
 * `price`, which is a JSON number (so the line `total` / `quantity` is used instead).
 */

const text = z.string().max(20_000);
/** WooCommerce's *_gmt times: "2017-03-22T16:28:02", UTC, without an offset. */
const gmtTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'a GMT time such as 2017-03-22T16:28:02')
  .transform((value) => `${value}Z`);
const decimal = z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/, 'a decimal amount such as 29.35');

export const wooLineItemSchema = z.object({
  id: platformIdSchema,
  /** 0 when the product was deleted since. */
  product_id: z.number().int().nonnegative().optional(),
  name: z.string().max(500),
  sku: z.string().max(128).nullish(),
  quantity: z.number().int().positive(),
  total: decimal,
});

export const wooOrderSchema = z.object({
  id: platformIdSchema,
  number: z.string().max(64).optional(),
  status: z.string().min(1).max(64),
  currency: z.string().length(3),
  total: decimal,
  date_created_gmt: gmtTime,
  date_modified_gmt: gmtTime,
  /** 0 for a guest checkout. */
  customer_id: z.number().int().nonnegative(),
  /** The buyer's note at checkout: the only free text a WooCommerce buyer writes to the shop. */
  customer_note: text.nullish(),
  billing: z.object({ first_name: text.nullish(), last_name: text.nullish(), email: text.nullish() }).loose(),
  line_items: z.array(wooLineItemSchema).max(500),
  /** Plugins' order meta; Huixin reads only the Shipment Tracking extension's (see wooTrackingItemSchema). */
  meta_data: z.array(z.object({ key: z.string().max(255), value: z.unknown() }).loose()).max(500).default([]),
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

/**
 * WooCommerce core has no tracking fields. The widely used Shipment Tracking extension
 * (woocommerce.com/products/shipment-tracking; its REST docs "orders/<id>/shipment-trackings")
 * keeps a list in the order meta `_wc_shipment_tracking_items`, each item with
 * `tracking_provider` (a listed provider's slug, e.g. "ups") or `custom_tracking_provider`
 * (a name the shop typed), `tracking_number` and `date_shipped` (Unix seconds as a string).
 */
export const WOO_TRACKING_META_KEY = '_wc_shipment_tracking_items';
export const wooTrackingItemSchema = z
  .object({
    tracking_provider: z.string().max(100).nullish(),
    custom_tracking_provider: z.string().max(100).nullish(),
    tracking_number: z.string().max(100).nullish(),
    date_shipped: z.union([z.string().max(20), z.number()]).nullish(),
  })
  .loose();

/**
 * The REST API v3 Product resource, as product.created / product.updated send it
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/#product-properties). `price`
 * is the current price as a decimal string ("" for a variable product without one);
 * `status` is publish, draft, pending or private. product.deleted sends `{ "id": … }`
 * (WC_Webhook::build_payload for a deleted resource).
 */
export const wooProductSchema = z.object({
  id: platformIdSchema,
  name: z.string().max(20_000),
  sku: z.string().max(128).nullish(),
  price: z.union([decimal, z.literal('')]).nullish(),
  regular_price: z.union([decimal, z.literal('')]).nullish(),
  permalink: z.string().max(2000).nullish(),
  status: z.string().max(32),
  date_modified_gmt: gmtTime,
  images: z.array(z.object({ src: z.string().max(2000) }).loose()).max(250).default([]),
});
export type WooProduct = z.infer<typeof wooProductSchema>;

export const wooProductDeleteSchema = z.object({ id: platformIdSchema });

/**
 * Delivery headers (WC_Webhook::get_delivery_headers … deliver): X-WC-Webhook-Source,
 * -Topic, -Resource, -Event, -Signature, -ID, -Delivery-ID.
 */
export const wooHeadersSchema = z.object({
  'x-wc-webhook-topic': z.string().min(1).max(200),
  'x-wc-webhook-source': z.string().max(2000).optional(),
  'x-wc-webhook-resource': z.string().max(100).optional(),
  'x-wc-webhook-event': z.string().max(100).optional(),
  'x-wc-webhook-id': z.string().max(40).optional(),
  'x-wc-webhook-delivery-id': z.string().min(1).max(200),
});
