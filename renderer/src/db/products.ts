import { catalogueKeyOf, productCard, type Currency, type MessageCard, type MutationPayload, type Order, type OrderItem, type Product, type ProductDraft } from '../../../shared';
import type { HuixinDb } from './database';
import { enqueueMutation, sendCard } from './outbox';
import type { OutboxRow } from './schema';

/**
 * The product catalogue in the cache: synced product snapshots of the stores this user
 * may read, with the user's own queued `product.save` edits laid over them (shown at
 * once, as the outbox is the truth until the server acks).
 */

type ProductSave = Extract<MutationPayload, { type: 'product.save' }>;

/** Queued saves, oldest first; a rejected (failed) one is not shown. */
function queuedSaves(outbox: readonly OutboxRow[]): ProductSave[] {
  const saves: ProductSave[] = [];
  for (const row of outbox) {
    if (row.state === 'failed') continue;
    const payload = row.mutation.payload;
    if (payload.type === 'product.save') saves.push(payload);
  }
  return saves;
}

/** One store's catalogue with queued edits applied; `currency` fills entries only queued so far. */
export function overlayProducts(products: readonly Product[], outbox: readonly OutboxRow[], storeId: string, currency: Currency, now: string): Product[] {
  const byId = new Map(products.filter((p) => p.storeId === storeId).map((p) => [p.id, p]));
  for (const save of queuedSaves(outbox)) {
    if (save.storeId !== storeId) continue;
    const existing = byId.get(save.productId);
    byId.set(save.productId, {
      id: save.productId,
      storeId,
      platformProductId: existing?.platformProductId ?? save.platformProductId ?? `manual:${save.productId}`,
      currency: existing?.currency ?? currency,
      ...save.product,
      updatedAt: now,
    });
  }
  return [...byId.values()].sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'));
}

export async function loadStoreProducts(db: HuixinDb, storeId: string, currency: Currency, now = new Date()): Promise<Product[]> {
  const [rows, outbox] = await Promise.all([
    db.products.where('storeId').equals(storeId).toArray(),
    db.outbox.filter((row) => row.conversationId === null).toArray(),
  ]);
  return overlayProducts(rows, outbox, storeId, currency, now.toISOString());
}

/**
 * The card of one line of an order: the catalogue's entry for it when the cache has one
 * (picture, link, current price), else what the order says (title, SKU, unit price).
 */
export async function orderLineCard(db: HuixinDb, order: Order, line: OrderItem): Promise<MessageCard> {
  const key = catalogueKeyOf(line);
  const known = (await db.products.where('storeId').equals(order.storeId).toArray()).find((product) => product.platformProductId === key);
  if (known) return productCard(known);
  return { type: 'product', platformProductId: key, title: line.title, sku: line.sku, price: line.unitPrice, currency: order.currency, imageUrl: null, url: null };
}

/** Sends one order line as a product card (customer panel). */
export async function sendOrderLineCard(db: HuixinDb, conversationId: string, order: Order, line: OrderItem): Promise<string> {
  return sendCard(db, conversationId, await orderLineCard(db, order, line));
}

/** Owner/lead: adds (new id) or edits a catalogue entry; the server checks the role again. */
export async function saveProduct(db: HuixinDb, input: { productId: string; storeId: string; product: ProductDraft; platformProductId?: string }): Promise<void> {
  await enqueueMutation(db, {
    type: 'product.save',
    productId: input.productId,
    storeId: input.storeId,
    ...(input.platformProductId ? { platformProductId: input.platformProductId } : {}),
    product: input.product,
  });
}
