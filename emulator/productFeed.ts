import { z } from 'zod';

/**
 * A product as the emulated shops publish it to their product feeds (Shopify products/*,
 * WooCommerce product.*). Ids are stable per SKU, so an order line of the same product
 * names the same product id as the feed does, as on the real platforms.
 */
export const feedProductSchema = z.object({
  /** Defaults to the stable id of the SKU (emulatedProductId). */
  id: z.string().regex(/^\d{1,18}$/).optional(),
  title: z.string().min(1).max(500),
  sku: z.string().min(1).max(128),
  price: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/),
  /** The main picture; absent = the emulator's generated picture of the product (emulator/productImages.ts), null = none. */
  imageUrl: z.url().nullable().optional(),
  /** active / archived / draft (Shopify); mapped to publish / draft on WooCommerce. */
  status: z.enum(['active', 'archived', 'draft']).default('active'),
});
export type FeedProduct = z.infer<typeof feedProductSchema>;

export const productWebhookSchema = z.object({
  storeId: z.string().min(1),
  action: z.enum(['create', 'update', 'delete']),
  product: feedProductSchema,
  /** The product's modification time on the platform (default: now). */
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ProductWebhookInput = z.input<typeof productWebhookSchema>;

/** A stable numeric product id for a SKU (FNV-1a, 40 bits: fits a JS number and looks like a platform id). */
export function emulatedProductId(sku: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(sku)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return String(1_000_000_000n + (hash % 1_000_000_000_000n));
}

/** URL-safe handle / slug of a title, as both platforms derive one (ASCII letters and digits; else the SKU). */
export function handleOf(product: FeedProduct): string {
  const slug = product.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || product.sku.toLowerCase();
}
