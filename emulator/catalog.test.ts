import { describe, expect, it } from 'vitest';
import { CHINESE_PRODUCT_REVIEWS, CHINESE_QUESTIONS, catalogueFor, chineseReviewsFor, PRODUCT_CATEGORIES, SHOPIFY_PRODUCTS, TAOBAO_PRODUCTS, type Product, type ProductCategory } from './catalog';
import { ChannelTraffic } from './channelTraffic';
import { TrafficGenerator } from './traffic';

describe('what each emulated store sells', () => {
  it('sells the mixed list of its language without categories, else only its categories', () => {
    expect(catalogueFor('zh')).toBe(TAOBAO_PRODUCTS);
    expect(catalogueFor('en')).toBe(SHOPIFY_PRODUCTS);
    const tea = catalogueFor('zh', ['tea']);
    expect(tea.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tea.map((p) => p.category))).toEqual(new Set(['tea']));
    expect(new Set(catalogueFor('zh', ['silk', 'fruit']).map((p) => p.category))).toEqual(new Set(['silk', 'fruit']));
    // Every category has Chinese products; English ones exist for the English demo shops' categories.
    for (const category of PRODUCT_CATEGORIES) expect(catalogueFor('zh', [category]).length, category).toBeGreaterThan(0);
    expect(catalogueFor('en', ['outdoor']).length).toBeGreaterThanOrEqual(3);
    expect(catalogueFor('en', ['ceramics']).length).toBeGreaterThanOrEqual(3);
    expect(catalogueFor('en', ['snacks'])).toEqual([]);
    const skus = [...catalogueFor('zh', PRODUCT_CATEGORIES), ...catalogueFor('en', PRODUCT_CATEGORIES)].map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
  });

  it('Taobao-platform buyers order, ask about and review only what a tea shop sells', () => {
    const teaShop = catalogueFor('zh', ['tea']);
    const generator = new TrafficGenerator(3, (storeId) => (storeId === 'tea' ? teaShop : undefined));
    const stores = [{ id: 'tea', platform: 'taobao' as const }];
    const categories = new Set<ProductCategory>();
    const reviews: string[] = [];
    const questions: string[] = [];
    for (let i = 0; i < 400; i++) {
      const scenario = generator.next(stores);
      if (scenario.kind === 'order-step') for (const line of scenario.order.lines) categories.add(line.product.category);
      if (scenario.kind === 'review') reviews.push(scenario.text);
      if (scenario.kind === 'buyer-message' && scenario.tid === null) questions.push(scenario.text);
    }
    expect(categories).toEqual(new Set(['tea']));
    expect(reviews.length).toBeGreaterThan(0);
    const teaReviews = new Set([...chineseReviewsFor('good', 'tea'), ...chineseReviewsFor('neutral', 'tea'), ...chineseReviewsFor('bad', 'tea')]);
    expect(reviews.every((text) => teaReviews.has(text))).toBe(true);
    expect(reviews.some((text) => CHINESE_PRODUCT_REVIEWS.tea.good.includes(text) || CHINESE_PRODUCT_REVIEWS.tea.bad.includes(text))).toBe(true);
    const allowedQuestions = new Set([...CHINESE_QUESTIONS.any, ...CHINESE_QUESTIONS.tea]);
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.every((text) => allowedQuestions.has(text))).toBe(true);
  });

  it('a store without categories sells the mixed catalogue: a lookup that knows no store changes no event', () => {
    const plain = new TrafficGenerator(9);
    const mixed = new TrafficGenerator(9, () => undefined);
    const stores = [{ id: 'tb', platform: 'taobao' as const }, { id: 'sh', platform: 'shopify' as const }];
    const a = Array.from({ length: 150 }, () => structuredClone(plain.next(stores)));
    const b = Array.from({ length: 150 }, () => structuredClone(mixed.next(stores)));
    expect(b).toEqual(a);
    const ordered = new Set(a.flatMap((s) => (s.kind === 'order-step' && s.platform === 'taobao' ? s.order.lines.map((l) => l.product.category) : [])));
    expect(ordered.size).toBeGreaterThan(1);
  });

  it('the newer platforms’ shops (Pinduoduo fruit, WooCommerce ceramics) sell from their categories too', () => {
    const catalogues: Record<string, readonly Product[]> = { fruit: catalogueFor('zh', ['fruit']), clay: catalogueFor('en', ['ceramics']) };
    const traffic = new ChannelTraffic(5, (storeId) => catalogues[storeId]);
    const sold = { fruit: new Set<string>(), clay: new Set<string>() };
    for (let i = 0; i < 60; i++) {
      for (const [storeId, platform] of [['fruit', 'pinduoduo'], ['clay', 'woocommerce']] as const) {
        const scenario = traffic.createOrder(storeId, platform, {});
        if (scenario.kind === 'order-step') for (const line of scenario.order.lines) sold[storeId].add(line.product.category);
      }
    }
    expect(sold).toEqual({ fruit: new Set(['fruit']), clay: new Set(['ceramics']) });
  });
});
