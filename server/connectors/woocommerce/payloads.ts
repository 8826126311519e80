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
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

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
