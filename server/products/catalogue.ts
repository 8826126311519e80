import { randomUUID } from 'node:crypto';
import {
  catalogueKeyOf,
  type Currency,
  type OrderItem,
  type Product,
  type ProductDraft,
  type ProductStatus,
  type ProductUpsertedEvent,
} from '../../shared';
import type { Queryable } from '../storage/database';

/**
 * The product catalogue's storage: one row per (store, platform product id). Three
 * writers, each with its own rule so that richer data is never lost to poorer data:
 * - the platform's product feed overwrites anything but a newer feed row;
 * - an order line of an unknown product adds a row and never touches an existing one;
 * - an owner or lead edits a row by id (server/products/product-mutations.ts).
 * Callers append the returned rows to the store's stream in the same transaction.
 */

export type ProductSource = 'feed' | 'order' | 'manual';

export interface ProductRow {
  id: string;
  store_id: string;
  platform_product_id: string;
  title: string;
  sku: string | null;
  price: string;
  currency: Currency;
  image_url: string | null;
  url: string | null;
  status: ProductStatus;
  source: ProductSource;
  updated_at: Date;
}

export const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  storeId: row.store_id,
  platformProductId: row.platform_product_id,
  title: row.title,
  sku: row.sku,
  price: row.price,
  currency: row.currency,
  imageUrl: row.image_url,
  url: row.url,
  status: row.status,
  updatedAt: row.updated_at.toISOString(),
});

/**
 * A product from the platform's feed. Returns the stored row, or null when the stored
 * feed row is newer (a late redelivery of an older state changes nothing).
 */
export async function upsertFeedProduct(tx: Queryable, storeId: string, product: ProductUpsertedEvent['product']): Promise<ProductRow | null> {
  const [row] = await tx.query<ProductRow>(
    `INSERT INTO products (id, store_id, platform_product_id, title, sku, price, currency, image_url, url, status, source, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'feed', $11)
     ON CONFLICT (store_id, platform_product_id) DO UPDATE
       SET title = EXCLUDED.title, sku = EXCLUDED.sku, price = EXCLUDED.price, currency = EXCLUDED.currency,
           image_url = EXCLUDED.image_url, url = EXCLUDED.url, status = EXCLUDED.status, source = 'feed',
           updated_at = EXCLUDED.updated_at
       WHERE products.source <> 'feed' OR products.updated_at <= EXCLUDED.updated_at
     RETURNING *`,
    [
      randomUUID(),
      storeId,
      product.platformProductId,
      product.title,
      product.sku,
      product.price,
      product.currency,
      product.imageUrl,
      product.url,
      product.status,
      product.updatedAt,
    ],
  );
  return row ?? null;
}

/**
 * The platform deleted the product: its entry is archived (cards already sent still
 * describe it). Returns the row when it changed; null for an unknown or already archived one.
 */
export async function archiveProduct(tx: Queryable, storeId: string, platformProductId: string, at: string): Promise<ProductRow | null> {
  const [row] = await tx.query<ProductRow>(
    `UPDATE products SET status = 'archived', updated_at = GREATEST(updated_at, $3::timestamptz)
      WHERE store_id = $1 AND platform_product_id = $2 AND status <> 'archived'
      RETURNING *`,
    [storeId, platformProductId, at],
  );
  return row ?? null;
}

/**
 * Catalogue entries for the lines of an order whose product the store does not know yet
 * (title, SKU and unit price are all an order tells). Known products are left alone.
 * Returns the rows added.
 */
export async function addProductsFromOrder(
  tx: Queryable,
  storeId: string,
  currency: Currency,
  items: readonly OrderItem[],
  at: string,
): Promise<ProductRow[]> {
  const added: ProductRow[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const title = item.title.trim();
    // A line without a title or with a negative amount (a discount line) is no product.
    if (title === '' || item.unitPrice.startsWith('-')) continue;
    const key = catalogueKeyOf(item);
    if (seen.has(key)) continue;
    seen.add(key);
    const row = await addProductIfAbsent(tx, {
      id: randomUUID(),
      storeId,
      platformProductId: key,
      title: title.slice(0, 500),
      sku: item.sku,
      price: item.unitPrice,
      currency,
      imageUrl: null,
      url: null,
      source: 'order',
      updatedAt: at,
    });
    if (row) added.push(row);
  }
  return added;
}

export interface NewProduct {
  id: string;
  storeId: string;
  platformProductId: string;
  title: string;
  sku: string | null;
  price: string;
  currency: Currency;
  imageUrl: string | null;
  url: string | null;
  source: ProductSource;
  updatedAt: string;
}

/** Inserts an active entry unless the store has that platform product id already; returns it when added. */
export async function addProductIfAbsent(tx: Queryable, product: NewProduct): Promise<ProductRow | null> {
  const [row] = await tx.query<ProductRow>(
    `INSERT INTO products (id, store_id, platform_product_id, title, sku, price, currency, image_url, url, status, source, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11)
     ON CONFLICT DO NOTHING
     RETURNING *`,
    [
      product.id,
      product.storeId,
      product.platformProductId,
      product.title,
      product.sku,
      product.price,
      product.currency,
      product.imageUrl,
      product.url,
      product.source,
      product.updatedAt,
    ],
  );
  return row ?? null;
}

/** Adds or edits an entry by hand. The caller has checked the role, store and key. */
export async function saveManualProduct(
  tx: Queryable,
  input: { id: string; storeId: string; platformProductId: string; currency: Currency; draft: ProductDraft },
): Promise<ProductRow> {
  const { draft } = input;
  const [row] = await tx.query<ProductRow>(
    `INSERT INTO products (id, store_id, platform_product_id, title, sku, price, currency, image_url, url, status, source, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'manual', now())
     ON CONFLICT (id) DO UPDATE
       SET title = EXCLUDED.title, sku = EXCLUDED.sku, price = EXCLUDED.price, image_url = EXCLUDED.image_url,
           url = EXCLUDED.url, status = EXCLUDED.status, source = 'manual', updated_at = now()
     RETURNING *`,
    [input.id, input.storeId, input.platformProductId, draft.title, draft.sku, draft.price, input.currency, draft.imageUrl, draft.url, draft.status],
  );
  if (!row) throw new Error(`product ${input.id} was not saved`);
  return row;
}
