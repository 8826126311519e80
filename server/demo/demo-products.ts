import { storeStream } from '../../shared';
import { addProductIfAbsent, toProduct } from '../products/catalogue';
import type { ChangeFeed } from '../sync/change-feed';
import { DEMO_EMULATOR_PATHS, DEMO_STORE_IDS, demoStores, type DemoProductCategory } from './demo-topology';

/**
 * A handful of catalogue entries per demo store, so that product cards can be sent on
 * every platform from the first start (Chinese, English and emoji titles). Seeded once:
 * an entry that exists (same id or platform product id) is left as the owner edited it.
 * Shopify and WooCommerce stores also fill their catalogue from the emulator's product
 * webhooks and orders. Each entry's picture is one the storefront emulator draws for its
 * category (a teacup, a cut orange …), so pictures show offline.
 */
type DemoProduct = { key: string; title: string; sku: string | null; price: string; category: DemoProductCategory };

const DEMO_PRODUCTS: Readonly<Record<string, readonly DemoProduct[]>> = {
  [DEMO_STORE_IDS.taobaoTea]: [
    { key: 'tb-1001', title: '西湖龙井 明前特级 250g 礼盒装 🍵', sku: 'LJ-250', price: '168.00', category: 'tea' },
    { key: 'tb-1002', title: '云南普洱 古树生茶饼 357g', sku: 'PE-357', price: '298.00', category: 'tea' },
    { key: 'tb-1003', title: '安吉白茶 罐装 125g', sku: 'AJ-125', price: '238.00', category: 'tea' },
    { key: 'tb-1004', title: '青瓷旅行茶具套装 一壶四杯', sku: 'CUP-SET4', price: '129.00', category: 'ceramics' },
  ],
  [DEMO_STORE_IDS.shopifyOutdoor]: [
    // SKUs the emulator's orders do not use: those products enter the catalogue from orders and webhooks.
    { key: 'demo-shopify-1', title: 'Trail Headlamp 400 lm 🔦', sku: 'OUT-LAMP-400', price: '39.00', category: 'outdoor' },
    { key: 'demo-shopify-2', title: '超轻钛合金炉头 Titanium Camp Stove', sku: 'OUT-STOVE-TI', price: '59.00', category: 'outdoor' },
    { key: 'demo-shopify-3', title: 'Down Sleeping Bag −5°C', sku: 'OUT-BAG-5', price: '149.00', category: 'outdoor' },
  ],
  [DEMO_STORE_IDS.woocommerceCeramics]: [
    { key: 'demo-woo-1', title: 'Speckled Stoneware Mug ☕', sku: 'MUG-SPK', price: '28.00', category: 'ceramics' },
    { key: 'demo-woo-2', title: '手工青瓷茶碗 Celadon Tea Bowl', sku: 'BOWL-CEL', price: '36.00', category: 'ceramics' },
    { key: 'demo-woo-3', title: 'Porcelain Dinner Plate, set of 4', sku: 'PLATE-4', price: '64.00', category: 'ceramics' },
  ],
  [DEMO_STORE_IDS.wechatTea]: [
    { key: 'wx-2001', title: '凤凰单丛 鸭屎香 100g', sku: 'DC-100', price: '88.00', category: 'tea' },
    { key: 'wx-2002', title: '武夷岩茶 大红袍 礼盒 🎁', sku: 'DHP-GIFT', price: '258.00', category: 'tea' },
  ],
  [DEMO_STORE_IDS.tmallSilk]: [
    { key: 'tm-3001', title: '100%桑蚕丝 真丝枕套 双面 👑', sku: 'SILK-PILLOW', price: '199.00', category: 'silk' },
    { key: 'tm-3002', title: '杭州真丝围巾 印花 长款', sku: 'SILK-SCARF', price: '329.00', category: 'silk' },
    { key: 'tm-3003', title: '真丝眼罩 遮光 助眠', sku: 'SILK-MASK', price: '69.00', category: 'silk' },
  ],
  [DEMO_STORE_IDS.douyinSnacks]: [
    { key: 'dy-4001', title: '麻辣牛肉干 500g 🌶️ 四川特产', sku: 'BEEF-500', price: '79.90', category: 'snacks' },
    { key: 'dy-4002', title: '手撕兔腿 香辣味 6只装', sku: 'RABBIT-6', price: '59.90', category: 'snacks' },
  ],
  [DEMO_STORE_IDS.pinduoduoFruit]: [
    { key: 'pdd-5001', title: '赣南脐橙 5斤装 🍊 现摘现发', sku: null, price: '29.90', category: 'fruit' },
    { key: 'pdd-5002', title: '海南贵妃芒 3斤 中果', sku: null, price: '35.80', category: 'fruit' },
  ],
  [DEMO_STORE_IDS.jdAppliances]: [
    { key: '100012345678', title: '小熊电炖锅 1.6L 陶瓷内胆', sku: '100012345678', price: '199.00', category: 'appliances' },
    { key: '100023456789', title: '美的空气炸锅 5L 可视 ✨', sku: '100023456789', price: '329.00', category: 'appliances' },
  ],
  [DEMO_STORE_IDS.xiaohongshuBeauty]: [
    { key: 'xhs-6001', title: '玻尿酸补水面膜 10片 💧', sku: 'MASK-HA-10', price: '89.00', category: 'cosmetics' },
    { key: 'xhs-6002', title: '氨基酸洁面乳 120g', sku: 'CLN-120', price: '69.00', category: 'cosmetics' },
  ],
  [DEMO_STORE_IDS.weiboBrand]: [{ key: 'wb-7001', title: '品牌联名帆布袋 限量款 🎨', sku: 'BAG-COLLAB', price: '59.00', category: 'bags' }],
};

/** Adds the demo catalogue entries a store does not have yet; returns how many were added. */
export async function seedDemoProducts(feed: ChangeFeed, emulatorUrl: string): Promise<number> {
  const stores = new Map(demoStores('http://127.0.0.1').map((store) => [store.id, store]));
  let added = 0;
  for (const [storeId, products] of Object.entries(DEMO_PRODUCTS)) {
    const store = stores.get(storeId);
    if (!store) continue;
    added += await feed.write(async (tx) => {
      const rows = [];
      for (const product of products) {
        const row = await addProductIfAbsent(tx.tx, {
          id: `demo-product-${product.key}`,
          storeId,
          platformProductId: product.key,
          title: product.title,
          sku: product.sku,
          price: product.price,
          currency: store.currency,
          imageUrl: demoProductImageUrl(emulatorUrl, product),
          url: null,
          source: 'manual',
          updatedAt: new Date().toISOString(),
        });
        if (row) rows.push(row);
      }
      await tx.append(storeStream(storeId), rows.map((row) => ({ entity: 'product' as const, data: toProduct(row) })));
      return rows.length;
    });
  }
  return added;
}

/** The emulator's picture of a demo product: `<emulator>/product-images/<category>/<key>.svg`. */
export function demoProductImageUrl(emulatorUrl: string, product: Pick<DemoProduct, 'key' | 'category'>): string {
  return `${emulatorUrl.replace(/\/+$/, '')}${DEMO_EMULATOR_PATHS.productImages}/${product.category}/${encodeURIComponent(product.key.toLowerCase())}.svg`;
}
