import { describe, expect, it } from 'vitest';
import { messageCardSchema, productSchema, reviewImageSchema, type Product } from './entities';
import { cardText } from './cards';
import { catalogueKeyOf, productCard, productDraftSchema, rankProducts } from './products';

const product = (overrides: Partial<Product>): Product => ({
  id: overrides.platformProductId ?? 'p',
  storeId: 's1',
  platformProductId: 'p',
  title: 'Product',
  sku: null,
  price: '1.00',
  currency: 'CNY',
  imageUrl: null,
  url: null,
  status: 'active',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

describe('product schemas', () => {
  it('accepts https images and pages only, and decimal prices', () => {
    const good = product({ imageUrl: 'https://img.example.com/a.jpg', url: 'https://shop.example.com/p/1', price: '199.00' });
    expect(productSchema.safeParse(good).success).toBe(true);
    for (const bad of [{ imageUrl: 'http://img.example.com/a.jpg' }, { url: 'ftp://shop.example.com/p/1' }, { price: '1,99' }, { status: 'draft' }, { title: '' }]) {
      expect(productSchema.safeParse({ ...good, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('takes product pictures by the same rule as review pictures: http only on a loopback host (the demo emulator)', () => {
    const samples = [
      'https://img.alicdn.com/bao/uploaded/i4/lj.jpg',
      'http://127.0.0.1:3211/product-images/tea/tb-1001.svg',
      'http://localhost:3211/product-images/fruit/pdd-5001.svg',
      'http://[::1]:3211/product-images/silk/tm-3001.svg',
      'http://img.example.com/a.jpg',
      'http://127.0.0.1.example.com/a.svg',
      ['javascript', 'alert(1)'].join(':'),
      'data:image/svg+xml,<svg/>',
    ];
    const asProduct = (url: string) => productSchema.safeParse(product({ imageUrl: url })).success;
    const asReview = (url: string) => reviewImageSchema.safeParse({ url }).success;
    const asCard = (url: string) => messageCardSchema.safeParse({ type: 'product', title: 'T', sku: null, price: '1.00', currency: 'CNY', imageUrl: url }).success;
    const asDraft = (url: string) => productDraftSchema.safeParse({ title: 'T', sku: null, price: '1.00', imageUrl: url, url: null, status: 'active' }).success;
    expect(samples.map(asProduct)).toEqual([true, true, true, true, false, false, false, false]);
    for (const check of [asReview, asCard, asDraft]) expect(samples.map(check)).toEqual(samples.map(asProduct));
    // Product pages are opened as links: https only, loopback or not.
    expect(productSchema.safeParse(product({ url: 'http://127.0.0.1:3211/p/1' })).success).toBe(false);
  });

  it('trims a hand-typed draft, turns an empty SKU into none and refuses negative prices', () => {
    const draft = productDraftSchema.parse({ title: '  龙井  ', sku: '  ', price: '168.00', imageUrl: null, url: null, status: 'active' });
    expect(draft).toMatchObject({ title: '龙井', sku: null });
    expect(productDraftSchema.safeParse({ ...draft, price: '-1.00' }).success).toBe(false);
    expect(productDraftSchema.safeParse({ ...draft, title: '   ' }).success).toBe(false);
  });
});

describe('product cards', () => {
  it('carries what the thread shows and the buyer reads, and its text form lists title, SKU, price and link', () => {
    const card = productCard(product({ platformProductId: '8001', title: '明前龙井 🍵', sku: 'LJ-250', price: '168.00', imageUrl: 'https://img.example.com/lj.jpg', url: 'https://shop.example.com/lj' }));
    expect(messageCardSchema.parse(card)).toEqual(card);
    expect(cardText(card)).toBe('🛍 明前龙井 🍵\nSKU LJ-250\nCNY 168.00\nhttps://shop.example.com/lj');
    const bare = productCard(product({ title: 'Mug', sku: null, price: '12.00', currency: 'USD' }));
    expect(cardText(bare)).toBe('🛍 Mug\nUSD 12.00');
  });

  it('still reads product cards sent before the catalogue existed (no id, image or link)', () => {
    expect(messageCardSchema.safeParse({ type: 'product', title: 'Old', sku: null, price: '1.00', currency: 'CNY' }).success).toBe(true);
  });
});

describe('catalogue keys of order lines', () => {
  it('uses the platform product id, else the SKU, else a stable hash of the title', () => {
    expect(catalogueKeyOf({ title: 'A', sku: 'S', quantity: 1, unitPrice: '1.00', platformProductId: '77' })).toBe('77');
    expect(catalogueKeyOf({ title: 'A', sku: 'S-1', quantity: 1, unitPrice: '1.00' })).toBe('sku:S-1');
    const a = catalogueKeyOf({ title: '安吉白茶', sku: null, quantity: 1, unitPrice: '1.00' });
    expect(a).toMatch(/^title:[0-9a-f]{8}$/);
    expect(catalogueKeyOf({ title: ' 安吉白茶 ', sku: null, quantity: 2, unitPrice: '2.00' })).toBe(a);
    expect(catalogueKeyOf({ title: '安吉红茶', sku: null, quantity: 1, unitPrice: '1.00' })).not.toBe(a);
  });
});

describe('rankProducts', () => {
  const catalogue = [
    product({ platformProductId: '1', title: '西湖龙井 明前特级 250g', sku: 'LJ-250' }),
    product({ platformProductId: '2', title: '云南普洱 古树生茶饼', sku: 'PE-357' }),
    product({ platformProductId: '3', title: 'Dragon Well Green Tea', sku: 'TEA-DW' }),
    product({ platformProductId: '4', title: '龍井 旧款', sku: 'LJ-OLD', status: 'archived' }),
  ];
  const ids = (query: string) => rankProducts(catalogue, query).map((p) => p.platformProductId);

  it('finds Chinese at any position, folding traditional and full-width input; never archived products', () => {
    expect(ids('龙井')).toEqual(['1']);
    expect(ids('龍井')).toEqual(['1']);
    expect(ids('ｌｊ')).toEqual(['1']);
    expect(ids('古树')).toEqual(['2']);
  });

  it('ranks a SKU prefix first, then title prefix, then words anywhere; an empty query lists all active', () => {
    expect(ids('dragon tea')).toEqual(['3']);
    expect(ids('tea')).toEqual(['3']);
    expect(ids('').sort()).toEqual(['1', '2', '3']);
    expect(ids('lj')).toEqual(['1']);
    expect(ids('nothing like it')).toEqual([]);
  });
});
