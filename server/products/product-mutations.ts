import { storeStream, type MutationPayload, type User } from '../../shared';
import type { StoreRow } from '../storage/rows';
import type { FeedTransaction } from '../sync/change-feed';
import { saveManualProduct, toProduct, type ProductRow } from './catalogue';

type Outcome = { status: 'applied' } | { status: 'rejected'; code: string; message: string };
const reject = (code: string, message: string): Outcome => ({ status: 'rejected', code, message });

export type ProductMutation = Extract<MutationPayload, { type: 'product.save' }>;

/**
 * `product.save`: owners and leads keep a catalogue by hand for platforms without a
 * product feed (and may correct a fed one until the next feed update). An entry keeps its
 * store and its platform product id for life. Every rejection is decided before the write.
 */
export async function applyProductMutation(feed: FeedTransaction, user: User, payload: ProductMutation): Promise<Outcome> {
  if (user.role !== 'owner' && user.role !== 'lead') return reject('forbidden', 'Only owners and leads edit the product catalogue');
  const [store] = await feed.tx.query<StoreRow>('SELECT * FROM stores WHERE id = $1', [payload.storeId]);
  if (!store) return reject('not_found', `No store ${payload.storeId}`);

  const [existing] = await feed.tx.query<ProductRow>('SELECT * FROM products WHERE id = $1 FOR UPDATE', [payload.productId]);
  if (existing && existing.store_id !== payload.storeId) return reject('bad_request', 'A product keeps its store; add a new product instead');
  if (existing && payload.platformProductId !== undefined && payload.platformProductId !== existing.platform_product_id) {
    return reject('bad_request', 'A product keeps its platform product id; add a new product instead');
  }
  const platformProductId = existing?.platform_product_id ?? payload.platformProductId ?? `manual:${payload.productId}`;
  if (!existing) {
    const [taken] = await feed.tx.query<{ id: string }>(
      'SELECT id FROM products WHERE store_id = $1 AND platform_product_id = $2',
      [payload.storeId, platformProductId],
    );
    if (taken) return reject('conflict', `This store already has product ${platformProductId}; edit that one`);
  }
  const row = await saveManualProduct(feed.tx, {
    id: payload.productId,
    storeId: payload.storeId,
    platformProductId,
    currency: store.currency,
    draft: payload.product,
  });
  await feed.append(storeStream(payload.storeId), [{ entity: 'product', data: toProduct(row) }]);
  return { status: 'applied' };
}
