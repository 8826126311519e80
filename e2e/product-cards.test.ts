import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Product cards as an agent sends them: in a Taobao chat, the composer's product picker
 * lists the store's catalogue (seeded by the demo), a few Chinese characters find the
 * product, Enter sends it; Taobao has no card API, so the buyer receives the card's text
 * form (recorded by the emulator), and the thread shows the card.
 */
describe('product cards from the composer', () => {
  let stack: E2eStack;
  let mei: Page;
  const buyerNick = '爱喝茶的阿May';

  beforeAll(async () => {
    stack = await startE2eStack();
    await stack.demo.emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '你好，有适合送礼的龙井吗？', buyerNick });
    mei = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('finds a product by part of its Chinese title and sends it as a card', async () => {
    await logIn(mei, 'xiaomei', DEMO_PASSWORD);
    await mei.locator('[data-testid="inbox-row"][data-platform="taobao"]').filter({ hasText: buyerNick }).first().click();
    await mei.getByTestId('composer-product-card').click();

    const search = mei.getByTestId('product-picker-search');
    await search.waitFor();
    // The whole active catalogue of this store first; typing narrows it (CJK, any position).
    await mei.locator('[data-testid="product-option"][data-product-id="tb-1002"]').waitFor();
    // Demo products show the emulator's generated pictures (http on loopback), not the placeholder.
    expect(await loadedPicture(mei.locator('[data-testid="product-option"][data-product-id="tb-1002"]'))).toBe(`${stack.demo.emulator.url}/product-images/tea/tb-1002.svg`);
    await search.fill('明前');
    await eventually('only the matching product listed', async () => {
      const ids = await mei.locator('[data-testid="product-option"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-product-id')));
      return ids.length === 1 && ids[0] === 'tb-1001' ? ids : undefined;
    });
    await mei.locator('[data-testid="product-option"][data-product-id="tb-1001"][data-active="true"]').waitFor();
    await search.press('Enter');

    const card = mei.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"] [data-testid="message-card"][data-card-type="product"][data-product-id="tb-1001"]');
    await card.waitFor();
    expect(await card.getByTestId('card-title').textContent()).toBe('西湖龙井 明前特级 250g 礼盒装 🍵');
    expect(await card.textContent()).toContain('LJ-250');
    expect(await card.textContent()).toMatch(/168/);
    expect(await loadedPicture(card)).toBe(`${stack.demo.emulator.url}/product-images/tea/tb-1001.svg`);
    expect(stack.pageProblems).toEqual([]);

    const atEmulator = await eventually('the card text at the emulator (Taobao shows no cards)', () => {
      const found = stack.demo.emulator.replies('taobao').filter((reply) => Object.values(reply.fields).some((value) => value.includes('🛍 西湖龙井 明前特级 250g 礼盒装 🍵')));
      return found.length > 0 ? found : undefined;
    });
    expect(atEmulator).toHaveLength(1);
    const text = Object.values(atEmulator[0]?.fields ?? {}).find((value) => value.includes('🛍'));
    expect(text).toContain('SKU LJ-250');
    expect(text).toContain('CNY 168.00');
  });
});

/** The address of the product picture shown inside `scope`, once the browser has drawn it (not the placeholder). */
async function loadedPicture(scope: Locator): Promise<string> {
  const picture = scope.locator('img[data-testid="product-thumb"]');
  await picture.waitFor();
  return eventually('the product picture loaded', async () => {
    const state = await picture.evaluate((img: { currentSrc: string; src: string; complete: boolean; naturalWidth: number }) => ({ src: img.currentSrc || img.src, drawn: img.complete && img.naturalWidth > 0 }));
    return state.drawn ? state.src : undefined;
  });
}
