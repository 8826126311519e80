import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, storeStream, type InboundEvent, type OrderItem, type Product } from '../../shared';
import { startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

/**
 * The catalogue through the real server: events into the webhook route, mutations over a
 * real socket, rows in the real database, snapshots in the store's change feed.
 */

type Store = Awaited<ReturnType<TestServer['addStore']>>;

const orderEvent = (items: OrderItem[], overrides: { orderId?: string; updatedAt?: string } = {}): InboundEvent => {
  const at = overrides.updatedAt ?? new Date().toISOString();
  return {
    type: 'order.upserted',
    dedupeKey: `order-${randomUUID()}`,
    customer: { platformUserId: 'buyer-1', nickname: 'Buyer One', locale: null, email: null },
    order: { platformOrderId: overrides.orderId ?? randomUUID(), status: 'paid', currency: 'USD', totalAmount: '10.00', items, createdAt: at, updatedAt: at },
    note: 'Order paid',
    occurredAt: at,
  };
};

const productEvent = (platformProductId: string, overrides: Partial<Extract<InboundEvent, { type: 'product.upserted' }>['product']> = {}): InboundEvent => ({
  type: 'product.upserted',
  dedupeKey: `product-${randomUUID()}`,
  product: {
    platformProductId,
    title: '明前龙井 特级 250g',
    sku: 'LJ-250',
    price: '168.00',
    currency: 'USD',
    imageUrl: 'https://cdn.example.com/lj.jpg',
    url: 'https://shop.example.com/products/lj',
    status: 'active',
    updatedAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  },
});

describe('product catalogue', () => {
  let server: TestServer;
  let store: Store;
  let otherStore: Store;
  let leadClient: SyncClient;
  let agentClient: SyncClient;

  const products = (storeId = store.id) =>
    server.database.query<{ platform_product_id: string; title: string; sku: string | null; price: string; status: string; source: string; image_url: string | null; url: string | null }>(
      'SELECT platform_product_id, title, sku, price, status, source, image_url, url FROM products WHERE store_id = $1 ORDER BY platform_product_id',
      [storeId],
    );
  const productChanges = (storeId = store.id) =>
    server.database.query<{ data: Product }>("SELECT data FROM changes WHERE stream = $1 AND entity = 'product' ORDER BY seq", [storeStream(storeId)]);
  const mutate = (client: SyncClient, payload: unknown) =>
    client.request(SyncEvents.mutate, { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload }) as Promise<{ status: string; code?: string; message?: string }>;

  beforeAll(async () => {
    server = await startTestServer();
    store = await server.addStore('Catalogue store');
    otherStore = await server.addStore('Other store');
    await server.addUser('cat-lead', 'lead');
    const agent = await server.addUser('cat-agent', 'agent');
    await server.grant(store.id, agent.id);
    leadClient = await server.connect((await server.login('cat-lead')).token);
    agentClient = await server.connect((await server.login('cat-agent')).token);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores a product event as a row and a product change in the store stream, which agents of the store receive', async () => {
    expect((await server.deliver(store, [productEvent('p-1')])).status).toBe(200);
    expect(await products()).toEqual([
      { platform_product_id: 'p-1', title: '明前龙井 特级 250g', sku: 'LJ-250', price: '168.00', status: 'active', source: 'feed', image_url: 'https://cdn.example.com/lj.jpg', url: 'https://shop.example.com/products/lj' },
    ]);
    const change = await agentClient.waitForChange((c) => c.entity === 'product' && c.data.platformProductId === 'p-1');
    expect(change).toMatchObject({ stream: storeStream(store.id), data: { title: '明前龙井 特级 250g', currency: 'USD', status: 'active' } });
  });

  it('updates from a newer feed event, and an older one arriving late changes nothing', async () => {
    await server.deliver(store, [productEvent('p-1', { title: '明前龙井 特级 500g', price: '298.00', updatedAt: '2025-03-02T10:00:00.000Z' })]);
    const changesBefore = (await productChanges()).length;
    await server.deliver(store, [productEvent('p-1', { title: 'stale title', updatedAt: '2025-02-01T10:00:00.000Z' })]);
    expect((await products()).find((p) => p.platform_product_id === 'p-1')).toMatchObject({ title: '明前龙井 特级 500g', price: '298.00' });
    expect((await productChanges()).length).toBe(changesBefore);
  });

  it('archives a deleted product; an unknown product id archives nothing; a late older update does not bring it back', async () => {
    await server.deliver(store, [
      { type: 'product.archived', dedupeKey: `del-${randomUUID()}`, platformProductId: 'p-1', archivedAt: '2025-03-03T10:00:00.000Z' },
      { type: 'product.archived', dedupeKey: `del-${randomUUID()}`, platformProductId: 'never-seen', archivedAt: '2025-03-03T10:00:00.000Z' },
    ]);
    expect((await products()).map((p) => [p.platform_product_id, p.status])).toEqual([['p-1', 'archived']]);
    await server.deliver(store, [productEvent('p-1', { updatedAt: '2025-03-02T12:00:00.000Z' })]);
    expect((await products()).find((p) => p.platform_product_id === 'p-1')?.status).toBe('archived');
  });

  it('adds catalogue entries for unknown products of an order, keyed by product id, else SKU, else title', async () => {
    await server.deliver(store, [
      orderEvent([
        { title: 'Trekking poles', sku: 'POLE-2', quantity: 1, unitPrice: '59.00', platformProductId: '8001' },
        { title: '安吉白茶 125g', sku: 'AJ-125', quantity: 2, unitPrice: '238.00' },
        { title: '🎁 Gift wrap', sku: null, quantity: 1, unitPrice: '2.00' },
        { title: 'Discount', sku: null, quantity: 1, unitPrice: '-5.00' },
      ]),
    ]);
    const rows = await products();
    expect(rows.filter((p) => p.source === 'order').map((p) => [p.platform_product_id.replace(/^title:[0-9a-f]{8}$/, 'title:<hash>'), p.title, p.sku, p.price])).toEqual([
      ['8001', 'Trekking poles', 'POLE-2', '59.00'],
      ['sku:AJ-125', '安吉白茶 125g', 'AJ-125', '238.00'],
      ['title:<hash>', '🎁 Gift wrap', null, '2.00'],
    ]);
    // The same unknown product ordered again is still one entry.
    await server.deliver(store, [orderEvent([{ title: '🎁 Gift wrap', sku: null, quantity: 3, unitPrice: '2.00' }])]);
    expect((await products()).filter((p) => p.title === '🎁 Gift wrap')).toHaveLength(1);
  });

  it('never lets an order line overwrite a product from the feed, and lets the feed enrich an entry an order made', async () => {
    await server.deliver(store, [productEvent('9001', { title: 'Summit Tent', sku: 'TENT-4', price: '189.00', updatedAt: '2025-03-01T00:00:00.000Z' })]);
    const before = (await productChanges()).length;
    await server.deliver(store, [orderEvent([{ title: 'Summit Tent (Green)', sku: 'TENT-4-G', quantity: 1, unitPrice: '150.00', platformProductId: '9001' }])]);
    expect((await products()).find((p) => p.platform_product_id === '9001')).toMatchObject({ title: 'Summit Tent', sku: 'TENT-4', price: '189.00', source: 'feed', image_url: 'https://cdn.example.com/lj.jpg' });
    expect((await productChanges()).length).toBe(before);

    // 8001 came from an order: the feed's fuller data replaces it.
    await server.deliver(store, [productEvent('8001', { title: 'Carbon Trekking Poles', sku: 'POLE-2', price: '64.00', updatedAt: '2020-01-01T00:00:00.000Z' })]);
    expect((await products()).find((p) => p.platform_product_id === '8001')).toMatchObject({ title: 'Carbon Trekking Poles', price: '64.00', source: 'feed' });
  });

  describe('product.save (by hand)', () => {
    const draft = { title: '手工青瓷茶碗', sku: 'BOWL-1', price: '36.00', imageUrl: 'https://cdn.example.com/bowl.jpg', url: null, status: 'active' as const };

    it('lets a lead add, edit and archive an entry, synced as product changes in the store currency', async () => {
      const productId = randomUUID();
      expect(await mutate(leadClient, { type: 'product.save', productId, storeId: store.id, product: draft })).toMatchObject({ status: 'applied' });
      const added = await agentClient.waitForChange((c) => c.entity === 'product' && c.data.id === productId);
      expect(added.data).toMatchObject({ platformProductId: `manual:${productId}`, title: '手工青瓷茶碗', currency: 'USD', status: 'active' });

      expect(await mutate(leadClient, { type: 'product.save', productId, storeId: store.id, product: { ...draft, price: '39.00', sku: '' } })).toMatchObject({ status: 'applied' });
      expect(await mutate(leadClient, { type: 'product.save', productId, storeId: store.id, product: { ...draft, status: 'archived' } })).toMatchObject({ status: 'applied' });
      const rows = await server.database.query<{ price: string; sku: string | null; status: string; source: string }>('SELECT price, sku, status, source FROM products WHERE id = $1', [productId]);
      expect(rows).toEqual([{ price: '36.00', sku: 'BOWL-1', status: 'archived', source: 'manual' }]);
      const snapshots = (await productChanges()).filter((c) => c.data.id === productId).map((c) => [c.data.price, c.data.sku, c.data.status]);
      expect(snapshots).toEqual([
        ['36.00', 'BOWL-1', 'active'],
        ['39.00', null, 'active'],
        ['36.00', 'BOWL-1', 'archived'],
      ]);
    });

    it('refuses agents, bad input, a moved product and a taken product id, writing nothing', async () => {
      const countRows = async () => (await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM products'))[0]?.n;
      const [head] = await server.feed.heads([storeStream(store.id)]);
      const rowsBefore = await countRows();
      const cases: Array<[SyncClient, unknown, string]> = [
        [agentClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, product: draft }, 'forbidden'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, product: { ...draft, title: '   ' } }, 'bad_request'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, product: { ...draft, price: '-1.00' } }, 'bad_request'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, product: { ...draft, price: 'cheap' } }, 'bad_request'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, product: { ...draft, imageUrl: 'http://cdn.example.com/x.jpg' } }, 'bad_request'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, product: { ...draft, url: 'ftp://shop.example.com/p/1' } }, 'bad_request'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: 'no-such-store', product: draft }, 'not_found'],
        [leadClient, { type: 'product.save', productId: randomUUID(), storeId: store.id, platformProductId: '9001', product: draft }, 'conflict'],
        [leadClient, { type: 'product.save', productId: 'moved-product', storeId: store.id, product: draft }, 'bad_request'],
      ];
      // A product keeps its store: create one in the other store, then aim an edit at this one.
      expect(await mutate(leadClient, { type: 'product.save', productId: 'moved-product', storeId: otherStore.id, product: draft })).toMatchObject({ status: 'applied' });
      const rowsWithMoved = (rowsBefore ?? 0) + 1;
      for (const [client, payload, code] of cases) {
        const ack = await mutate(client, payload);
        expect(ack, JSON.stringify(payload)).toMatchObject({ status: 'rejected', code });
      }
      expect(await countRows()).toBe(rowsWithMoved);
      const [after] = await server.feed.heads([storeStream(store.id)]);
      expect(after?.headSeq).toBe(head?.headSeq);
    });
  });
});
