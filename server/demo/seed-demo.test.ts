import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponseSchema, pictureUrlSchema } from '../../shared';
import { startTestServer, type TestServer } from '../testing/test-server';
import { DEMO_EMULATOR_PATHS, DEMO_USERS, demoStores } from './demo-topology';
import { seedDemo } from './seed-demo';

let server: TestServer;

beforeAll(async () => {
  // Connectors of the real registry are not involved: the test connector replaces them.
  server = await startTestServer({ demo: { emulatorUrl: 'http://127.0.0.1:4000' } });
});
afterAll(() => server.stop());

describe('demo seeding', () => {
  it('derives store credentials from the emulator URL', () => {
    const [taobao, shopify] = demoStores('http://127.0.0.1:4000/');
    expect(taobao?.credentials).toMatchObject({
      tmcUrl: `ws://127.0.0.1:4000${DEMO_EMULATOR_PATHS.taobaoTmc}`,
      apiUrl: `http://127.0.0.1:4000${DEMO_EMULATOR_PATHS.taobaoApi}`,
    });
    expect(shopify?.platform === 'shopify' && shopify.credentials.mailRelayUrl).toMatch(/^http:\/\/127\.0\.0\.1:4000\/[^/]/);
  });

  it('seeds users who can log in, and is idempotent (refreshing credentials for a new emulator URL)', async () => {
    for (const user of DEMO_USERS) {
      const response = await fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: user.name, password: user.password }),
      });
      expect(loginResponseSchema.parse(await response.json()).user).toMatchObject({ name: user.name, role: user.role });
    }
    const again = await seedDemo(server.database, server.feed, 'http://127.0.0.1:5000');
    expect(again).toEqual({ createdUsers: [], createdStores: [] });
    const rows = await server.database.query<{ id: string; credentials: { apiUrl?: string } }>('SELECT id, credentials FROM stores ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(['demo-douyin-snacks', 'demo-jd-appliances', 'demo-pinduoduo-fruit', 'demo-shopify-outdoor', 'demo-taobao-tea', 'demo-tmall-silk', 'demo-wechat-tea', 'demo-weibo-brand', 'demo-woocommerce-ceramics', 'demo-xiaohongshu-beauty']);
    expect(rows.find((row) => row.id === 'demo-taobao-tea')?.credentials.apiUrl).toBe(`http://127.0.0.1:5000${DEMO_EMULATOR_PATHS.taobaoApi}`);
  });

  it('gives every demo product a picture from the emulator, drawn for a category its shop sells', async () => {
    const rows = await server.database.query<{ store_id: string; platform_product_id: string; image_url: string | null }>(
      "SELECT store_id, platform_product_id, image_url FROM products WHERE id LIKE 'demo-product-%' ORDER BY id",
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const sells = new Map(demoStores('http://127.0.0.1:4000').map((store) => [store.id, store.categories as readonly string[]]));
    for (const row of rows) {
      const picture = new RegExp(`^http://127\\.0\\.0\\.1:4000${DEMO_EMULATOR_PATHS.productImages}/([a-z-]+)/${row.platform_product_id}\\.svg$`).exec(row.image_url ?? '');
      expect(picture, row.platform_product_id).not.toBeNull();
      expect(sells.get(row.store_id), row.platform_product_id).toContain(picture?.[1]);
      expect(pictureUrlSchema.safeParse(row.image_url).success).toBe(true);
    }
    expect(rows.find((row) => row.platform_product_id === 'tb-1001')?.image_url).toBe('http://127.0.0.1:4000/product-images/tea/tb-1001.svg');
  });

  it('lets xiaomei see the Chinese stores and Shopify, and alex the English-language ones', async () => {
    const grants = await server.database.query<{ name: string; store_id: string }>(
      'SELECT u.name, a.store_id FROM agent_stores a JOIN users u ON u.id = a.user_id ORDER BY u.name, a.store_id',
    );
    expect(grants).toEqual([
      { name: 'alex', store_id: 'demo-shopify-outdoor' },
      { name: 'alex', store_id: 'demo-woocommerce-ceramics' },
      { name: 'xiaomei', store_id: 'demo-douyin-snacks' },
      { name: 'xiaomei', store_id: 'demo-jd-appliances' },
      { name: 'xiaomei', store_id: 'demo-pinduoduo-fruit' },
      { name: 'xiaomei', store_id: 'demo-shopify-outdoor' },
      { name: 'xiaomei', store_id: 'demo-taobao-tea' },
      { name: 'xiaomei', store_id: 'demo-tmall-silk' },
      { name: 'xiaomei', store_id: 'demo-wechat-tea' },
      { name: 'xiaomei', store_id: 'demo-weibo-brand' },
      { name: 'xiaomei', store_id: 'demo-xiaohongshu-beauty' },
    ]);
  });
});
