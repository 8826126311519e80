import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator';
import { emulatedProductId } from '../../emulator/productFeed';
import { buildShopifyWebhook, postShopifyWebhook } from '../../emulator/shopify/webhookSender';
import { DEMO_STORE_IDS, demoStores } from '../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../testing/platform-stack';
import type { TestServer } from '../testing/test-server';

/**
 * Product feeds in the platforms' own formats: the emulator sends Shopify products/* and
 * WooCommerce product.* webhooks, signed as the platforms sign them, into the real
 * endpoint and database; orders of the same products name the same product ids.
 */
const SHOPIFY = DEMO_STORE_IDS.shopifyOutdoor;
const WOO = DEMO_STORE_IDS.woocommerceCeramics;
const TABLES = ['products', 'changes', 'inbound_deliveries'] as const;

describe('product webhooks into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 11, shopifyDeliveryAttempts: 1 });
    ({ emulator, server } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const product = async (storeId: string, platformProductId: string) =>
    (
      await server.database.query<{ title: string; sku: string | null; price: string; currency: string; image_url: string | null; url: string | null; status: string; source: string }>(
        'SELECT title, sku, price, currency, image_url, url, status, source FROM products WHERE store_id = $1 AND platform_product_id = $2',
        [storeId, platformProductId],
      )
    )[0];

  it('Shopify products/create and products/update fill the catalogue: first variant price and SKU, image, storefront URL', async () => {
    const tent = { title: '四人帐篷 Summit Dome ⛺', sku: 'TENT-E2E', price: '189.00', imageUrl: 'https://cdn.shopify.com/s/files/tent.jpg' };
    const created = await emulator.sendProductWebhook({ storeId: SHOPIFY, action: 'create', product: tent, updatedAt: '2025-04-01T08:00:00Z' });
    expect(created.status).toBe(200);
    const id = emulatedProductId('TENT-E2E');
    expect(await product(SHOPIFY, id)).toEqual({
      title: '四人帐篷 Summit Dome ⛺',
      sku: 'TENT-E2E',
      price: '189.00',
      currency: 'USD',
      image_url: 'https://cdn.shopify.com/s/files/tent.jpg',
      url: 'https://trailhead-outdoor.myshopify.com/products/summit-dome',
      status: 'active',
      source: 'feed',
    });
    await emulator.sendProductWebhook({ storeId: SHOPIFY, action: 'update', product: { ...tent, price: '169.00', status: 'draft' }, updatedAt: '2025-04-02T08:00:00Z' });
    expect(await product(SHOPIFY, id)).toMatchObject({ price: '169.00', status: 'archived' });
  });

  it('Shopify products/delete archives the entry; a redelivery stores nothing more', async () => {
    const mug = { title: 'Camp Mug', sku: 'MUG-DEL', price: '12.00' };
    await emulator.sendProductWebhook({ storeId: SHOPIFY, action: 'create', product: mug });
    const deleted = await emulator.sendProductWebhook({ storeId: SHOPIFY, action: 'delete', product: mug });
    expect(deleted.status).toBe(200);
    expect(await product(SHOPIFY, emulatedProductId('MUG-DEL'))).toMatchObject({ status: 'archived', title: 'Camp Mug' });
    const before = await rowCountsOf(server.database, TABLES);
    expect((await emulator.replayShopifyDelivery({ storeId: SHOPIFY })).status).toBe(200);
    expect(await rowCountsOf(server.database, TABLES)).toEqual(before);
  });

  it('refuses a forged product webhook (401) and a malformed one (400), writing nothing', async () => {
    const store = demoStores(emulator.url).find((s) => s.id === SHOPIFY);
    if (!store || store.platform !== 'shopify') throw new Error('no Shopify demo store');
    const before = await rowCountsOf(server.database, TABLES);
    const body = JSON.stringify({ id: 4242, title: 'Forged', variants: [{ price: '1.00', sku: 'F' }] });
    const forged = buildShopifyWebhook({ ...store, credentials: { ...store.credentials, webhookSecret: 'not-the-secret' } }, 'products/create', body);
    expect((await postShopifyWebhook(server.url, forged, { attempts: 1, retryBaseMs: 1 })).status).toBe(401);
    const noPrice = buildShopifyWebhook(store, 'products/update', JSON.stringify({ id: 4242, title: 'No price', variants: [{ sku: 'X' }] }));
    const malformed = await postShopifyWebhook(server.url, noPrice, { attempts: 1, retryBaseMs: 1 });
    expect(malformed.status).toBe(400);
    expect(malformed.responseBody).toContain('price');
    expect(await rowCountsOf(server.database, TABLES)).toEqual(before);
  });

  it('WooCommerce product.created / product.deleted fill and archive the catalogue (name, sku, price, permalink, image)', async () => {
    const bowl = { title: '手工青瓷茶碗 Celadon Bowl', sku: 'BOWL-WOO', price: '36.00', imageUrl: 'https://kilnandclay.example/wp-content/uploads/bowl.jpg' };
    const created = await emulator.sendProductWebhook({ storeId: WOO, action: 'create', product: bowl });
    expect(created.status).toBe(200);
    const id = emulatedProductId('BOWL-WOO');
    expect(await product(WOO, id)).toEqual({
      title: '手工青瓷茶碗 Celadon Bowl',
      sku: 'BOWL-WOO',
      price: '36.00',
      currency: 'USD',
      image_url: 'https://kilnandclay.example/wp-content/uploads/bowl.jpg',
      url: expect.stringMatching(/\/product\/celadon-bowl\/$/),
      status: 'active',
      source: 'feed',
    });
    await emulator.sendProductWebhook({ storeId: WOO, action: 'delete', product: bowl });
    expect((await product(WOO, id))?.status).toBe('archived');
  });

  it('a product published without a picture URL carries the emulator’s picture: an http loopback URL the catalogue keeps and that loads', async () => {
    const lamp = { title: 'Lantern 200 lm', sku: 'OUT-LANTERN', price: '19.00' };
    expect((await emulator.sendProductWebhook({ storeId: SHOPIFY, action: 'create', product: lamp })).status).toBe(200);
    const shopifyPicture = (await product(SHOPIFY, emulatedProductId('OUT-LANTERN')))?.image_url;
    // Not in any emulated catalogue: drawn as what the Shopify demo shop sells.
    expect(shopifyPicture).toBe(`${emulator.url}/product-images/outdoor/out-lantern.svg`);
    const cup = { title: 'Celadon Teapot 600ml', sku: 'CER-POT-600', price: '78.00' };
    expect((await emulator.sendProductWebhook({ storeId: WOO, action: 'create', product: cup })).status).toBe(200);
    const wooPicture = (await product(WOO, emulatedProductId('CER-POT-600')))?.image_url;
    expect(wooPicture).toBe(`${emulator.url}/product-images/ceramics/cer-pot-600.svg`);
    for (const url of [shopifyPicture, wooPicture]) {
      const picture = await fetch(url ?? '');
      expect(picture.headers.get('content-type')).toBe('image/svg+xml');
      expect(await picture.text()).toMatch(/^<svg /);
    }
    // null: published without a picture.
    await emulator.sendProductWebhook({ storeId: SHOPIFY, action: 'create', product: { title: 'Bare', sku: 'OUT-BARE', price: '1.00', imageUrl: null } });
    expect((await product(SHOPIFY, emulatedProductId('OUT-BARE')))?.image_url).toBeNull();
  });

  it('orders on both platforms add the products they name, under the product ids the feeds use, once', async () => {
    for (const storeId of [SHOPIFY, WOO]) {
      const placed = await emulator.placeOrder({ storeId, note: null });
      const [order] = await server.database.query<{ items: Array<{ title: string; sku: string; platformProductId: string }> }>(
        'SELECT items FROM orders WHERE store_id = $1 AND platform_order_id = $2',
        [storeId, placed.orderId],
      );
      const line = order?.items[0];
      if (!line) throw new Error(`no order line for ${storeId}`);
      expect(line.platformProductId, storeId).toBe(emulatedProductId(line.sku));
      const entry = await product(storeId, line.platformProductId);
      expect(entry, storeId).toMatchObject({ sku: line.sku, status: 'active' });
      // A product first met in an order is titled as ordered (Shopify adds the variant in parentheses).
      expect(line.title.startsWith(entry?.title ?? '\u0000'), storeId).toBe(true);
      const count = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE store_id = $1 AND sku = $2', [storeId, line.sku]);
      expect(count[0]?.n, storeId).toBe(1);
    }
  });
});
