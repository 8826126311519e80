import { z } from 'zod';
import { foldText } from '../text/fold';
import { httpsUrlSchema, moneySchema, pictureUrlSchema, productStatusSchema, type MessageCard, type OrderItem, type Product } from './entities';

/**
 * What an owner or lead types for a catalogue entry by hand (mutation `product.save`),
 * for platforms without a product feed. The currency is the store's, never typed.
 */
export const productDraftSchema = z.object({
  title: z.string().trim().min(1, 'a product needs a title').max(500),
  sku: z
    .string()
    .trim()
    .max(128)
    .nullable()
    .transform((sku) => (sku === '' ? null : sku)),
  price: moneySchema.refine((price) => !price.startsWith('-'), 'a price cannot be negative'),
  imageUrl: pictureUrlSchema.nullable(),
  url: httpsUrlSchema.nullable(),
  status: productStatusSchema,
});
export type ProductDraft = z.infer<typeof productDraftSchema>;

/** The card of a catalogue entry, as an agent sends it into the chat. */
export function productCard(product: Product): MessageCard {
  return {
    type: 'product',
    platformProductId: product.platformProductId,
    title: product.title,
    sku: product.sku,
    price: product.price,
    currency: product.currency,
    imageUrl: product.imageUrl,
    url: product.url,
  };
}

/**
 * The catalogue key of an order line: the platform's product id when the order gives one,
 * else the SKU, else a hash of the title. Stable, so the same unknown product bought twice
 * is one catalogue entry.
 */
export function catalogueKeyOf(item: OrderItem): string {
  if (item.platformProductId) return item.platformProductId;
  if (item.sku) return `sku:${item.sku}`.slice(0, 128);
  return `title:${fnv1a(item.title.trim())}`;
}

/** FNV-1a, 32 bit, hex: a short stable key for a title (not a security hash). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Folded for search: width, case and traditional characters, spaces kept (as quick replies). */
const fold = (text: string): string => foldText(text, { dropSeparators: false }).text;

/**
 * Orders a store's active products for the product picker. Tiers, best first:
 *  0. the SKU starts with the query, 1. the title starts with it,
 *  2. the title contains every word of the query, 3. the SKU contains it.
 * Matching is on folded text by substring, so Chinese matches at any position and
 * traditional or full-width input finds simplified titles. Archived products are left out;
 * an empty query lists every active product by title.
 */
export function rankProducts(products: readonly Product[], query: string): Product[] {
  const wanted = fold(query.trim());
  const words = wanted.split(/\s+/).filter((word) => word.length > 0);
  const compact = words.join('');
  const tierOf = (product: Product): number | null => {
    if (compact.length === 0) return 0;
    const sku = fold(product.sku ?? '');
    if (sku !== '' && sku.startsWith(compact)) return 0;
    const title = fold(product.title);
    if (title.startsWith(wanted)) return 1;
    if (words.every((word) => title.includes(word))) return 2;
    if (sku.includes(compact)) return 3;
    return null;
  };
  const ranked: Array<{ product: Product; tier: number }> = [];
  for (const product of products) {
    if (product.status !== 'active') continue;
    const tier = tierOf(product);
    if (tier !== null) ranked.push({ product, tier });
  }
  ranked.sort((a, b) => a.tier - b.tier || a.product.title.localeCompare(b.product.title, 'zh-CN'));
  return ranked.map((entry) => entry.product);
}
