import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { PRODUCT_IMAGE_KINDS, productImageSvg, productImageUrl } from './productImages';

describe('generated product pictures', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 2 });
  });
  afterAll(() => emulator.close());

  it('draws one picture per kind and name: the same name the same picture, shapes only', () => {
    for (const kind of PRODUCT_IMAGE_KINDS) {
      const svg = productImageSvg(kind, 'tb-1001');
      expect(svg, kind).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="240" height="240"[^>]*>.*<\/svg>$/);
      expect(svg, kind).not.toMatch(/<(text|script|image|foreignObject)\b|href=/);
      expect(productImageSvg(kind, 'tb-1001')).toBe(svg);
    }
    expect(productImageSvg('tea', 'a')).not.toBe(productImageSvg('fruit', 'a'));
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => productImageSvg('tea', name))).size).toBeGreaterThan(1);
  });

  it('names pictures by kind and a URL-safe key', () => {
    expect(productImageUrl('http://127.0.0.1:3211/', 'tea', 'TEA-LJ-250')).toBe('http://127.0.0.1:3211/product-images/tea/tea-lj-250.svg');
    expect(productImageUrl('http://127.0.0.1:3211', 'other', '四人帐篷 #1')).toBe('http://127.0.0.1:3211/product-images/other/1.svg');
    expect(productImageUrl('http://127.0.0.1:3211', 'other', '帐篷')).toBe('http://127.0.0.1:3211/product-images/other/item.svg');
  });

  it('serves them as SVG pictures any origin may show, and 404 for unknown kinds or names', async () => {
    const response = await fetch(productImageUrl(emulator.url, 'fruit', 'pdd-5001'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await response.text()).toBe(productImageSvg('fruit', 'pdd-5001'));
    for (const path of ['/product-images/toys/a.svg', '/product-images/tea/A.svg', '/product-images/tea/a.png', '/product-images/tea.svg']) {
      const missing = await fetch(`${emulator.url}${path}`);
      expect(missing.status, path).toBe(404);
      await missing.body?.cancel();
    }
  });

  it('refuses a store whose categories it has no products for in the store’s language, keeping nothing', () => {
    const woo = { id: 'clay', platform: 'woocommerce' as const, credentials: { webhookSecret: 's', siteUrl: 'https://clay.example', mailRelayToken: 't' } };
    expect(() => emulator.addStore({ ...woo, categories: ['snacks'] })).toThrow(/no woocommerce products in snacks/);
    expect(() => emulator.credentialsFor('clay')).toThrow();
    expect(() => emulator.addStore({ ...woo, categories: ['toys' as never] })).toThrow();
    emulator.addStore({ ...woo, categories: ['ceramics'] });
    expect(emulator.credentialsFor('clay')).toMatchObject({ siteUrl: 'https://clay.example' });
  });
});
