import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { mutationSchema, productCard, storeStream, type Change, type Order, type Product } from '../../../shared';
import { uniqueDbName } from '../test/fixtures';
import { applyChanges } from './applyChanges';
import { openDurableDb, type HuixinDb } from './database';
import { listOutbox, sendCard } from './outbox';
import { loadStoreProducts, orderLineCard, saveProduct } from './products';
import { dropStoreStreams } from './security';

const opened: HuixinDb[] = [];
function freshDb(): HuixinDb {
  const db = openDurableDb(uniqueDbName('products'));
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const product = (id: string, storeId: string, overrides: Partial<Product> = {}): Product => ({
  id,
  storeId,
  platformProductId: `pp-${id}`,
  title: `商品 ${id}`,
  sku: null,
  price: '10.00',
  currency: 'CNY',
  imageUrl: null,
  url: null,
  status: 'active',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

const changes = (storeId: string, products: Product[]): Change[] =>
  products.map((data, index) => ({ stream: storeStream(storeId), seq: index + 1, entity: 'product', op: 'upsert', data }));

describe('product catalogue in the cache', () => {
  it('keeps synced products per store, the latest snapshot winning, and drops them with their store', async () => {
    const db = freshDb();
    await applyChanges(db, storeStream('s1'), changes('s1', [product('a', 's1'), product('b', 's1'), product('a', 's1', { price: '12.00' })]));
    await applyChanges(db, storeStream('s2'), changes('s2', [product('c', 's2')]));
    expect((await loadStoreProducts(db, 's1', 'CNY')).map((p) => [p.id, p.price])).toEqual([
      ['a', '12.00'],
      ['b', '10.00'],
    ]);
    await dropStoreStreams(db, [storeStream('s1')]);
    expect(await loadStoreProducts(db, 's1', 'CNY')).toEqual([]);
    expect(await loadStoreProducts(db, 's2', 'CNY')).toHaveLength(1);
  });

  it('shows queued hand edits at once (new entries in the store currency) and queues valid mutations', async () => {
    const db = freshDb();
    await applyChanges(db, storeStream('s1'), changes('s1', [product('a', 's1')]));
    const draft = { title: '青瓷茶碗', sku: 'BOWL', price: '36.00', imageUrl: null, url: null, status: 'active' as const };
    await saveProduct(db, { productId: 'new-1', storeId: 's1', product: draft });
    await saveProduct(db, { productId: 'a', storeId: 's1', product: { ...draft, title: '改名', status: 'archived' } });
    const shown = await loadStoreProducts(db, 's1', 'USD');
    expect(shown.map((p) => [p.id, p.title, p.status, p.currency, p.platformProductId])).toEqual([
      ['a', '改名', 'archived', 'CNY', 'pp-a'],
      ['new-1', '青瓷茶碗', 'active', 'USD', 'manual:new-1'],
    ]);
    const rows = await listOutbox(db);
    for (const row of rows) expect(() => mutationSchema.parse(row.mutation)).not.toThrow();
    expect(rows.map((r) => r.conversationId)).toEqual([null, null]);
  });

  it('sends a product card through the outbox as message.send with its text form', async () => {
    const db = freshDb();
    const card = productCard(product('a', 's1', { title: '明前龙井', sku: 'LJ', price: '168.00' }));
    const messageId = await sendCard(db, 'conv-1', card);
    const [row] = await listOutbox(db);
    expect(row?.mutation.payload).toEqual({ type: 'message.send', conversationId: 'conv-1', messageId, body: '🛍 明前龙井\nSKU LJ\nCNY 168.00', card });
  });

  it("makes an order line's card from the catalogue entry when known, else from the line itself", async () => {
    const db = freshDb();
    await applyChanges(db, storeStream('s1'), changes('s1', [product('a', 's1', { platformProductId: '8001', title: 'Carbon Poles', price: '64.00', imageUrl: 'https://img.example.com/p.jpg' })]));
    const order: Order = {
      id: 'o1',
      storeId: 's1',
      customerId: 'c1',
      platformOrderId: '1001',
      status: 'paid',
      currency: 'USD',
      totalAmount: '70.00',
      items: [
        { title: 'Carbon Poles (Black)', sku: 'POLE', quantity: 1, unitPrice: '59.00', platformProductId: '8001' },
        { title: '安吉白茶', sku: 'AJ-125', quantity: 1, unitPrice: '11.00' },
      ],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const [known, unknown] = [order.items[0], order.items[1]];
    if (!known || !unknown) throw new Error('two lines');
    expect(await orderLineCard(db, order, known)).toMatchObject({ type: 'product', title: 'Carbon Poles', price: '64.00', imageUrl: 'https://img.example.com/p.jpg', platformProductId: '8001' });
    expect(await orderLineCard(db, order, unknown)).toEqual({ type: 'product', platformProductId: 'sku:AJ-125', title: '安吉白茶', sku: 'AJ-125', price: '11.00', currency: 'USD', imageUrl: null, url: null });
  });
});
