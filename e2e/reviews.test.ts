import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Reviews as records, end to end: a Taobao buyer rates a completed order with two pictures
 * (TMC TradeRated → taobao.traderates.get through the emulator) → the review thread opens
 * with the review card (stars, text, product, order, thumbnails that open larger, the flag)
 * → the agent answers from the composer → the emulator records taobao.traderate.explain.add
 * and the card shows the shop's reply → the customer panel lists the review.
 */
describe('reviews: card, pictures, reply, customer panel', () => {
  let stack: E2eStack;
  let mei: Page;
  let orderId = '';
  const buyerNick = '评价小能手';
  const reviewText = '茶叶收到有点受潮，包装破损了';
  const replyText = '非常抱歉！我们马上为您补寄一罐新茶。';

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    const order = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.taobaoTea, buyerNick, note: null });
    orderId = order.orderId ?? '';
    for (const step of ['pay', 'ship', 'complete'] as const) await emulator.advanceOrder({ storeId: DEMO_STORE_IDS.taobaoTea, orderId, step });
    await emulator.postReview({ storeId: DEMO_STORE_IDS.taobaoTea, orderId, rating: 1, text: reviewText, images: 2 });
    mei = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const reviewRow = () => mei.locator('[data-testid="inbox-row"][data-platform="taobao"]').filter({ hasText: reviewText });

  it('opens the review thread with the review card: stars, text, product, order, pictures and the flag', async () => {
    expect(orderId).not.toBe('');
    await logIn(mei, 'xiaomei', DEMO_PASSWORD);
    await reviewRow().first().click();
    const card = mei.locator('[data-testid="review-card"][data-rating="1"]');
    await card.waitFor();
    expect(await card.getByTestId('review-stars').getAttribute('aria-label')).toBe('1 of 5 stars');
    expect(await card.getByTestId('review-body').textContent()).toBe(reviewText);
    expect(await card.getByTestId('review-order').textContent()).toContain(orderId);
    expect(await card.getByTestId('review-product').textContent()).not.toBe('');
    await card.locator('[data-testid="review-flag"][data-reason="low_rating"]').waitFor();

    const thumbnails = card.getByTestId('review-thumbnail');
    await eventually('two thumbnails', async () => ((await thumbnails.count()) === 2 ? true : undefined));
    const image = thumbnails.first().locator('img');
    expect(await image.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(await image.getAttribute('loading')).toBe('lazy');
    // The picture really loads (the emulator serves it; the CSP lets it in).
    await eventually('the picture loaded', async () => ((await image.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0)) ? true : undefined));

    await thumbnails.first().click();
    const modal = mei.getByTestId('review-image-modal');
    await modal.locator('img').waitFor();
    await mei.keyboard.press('Escape');
    await modal.locator('img').waitFor({ state: 'detached' });
  });

  it("answers from the composer: Taobao receives the explanation and the card shows the shop's reply", async () => {
    await mei.getByTestId('composer-input').fill(replyText);
    await mei.getByTestId('composer-send').click();
    const recorded = await eventually('the review reply at the emulator', () =>
      stack.demo.emulator.replies('taobao').find((reply) => reply.method === 'taobao.traderate.explain.add' && reply.fields.reply === replyText),
    );
    expect(recorded.fields.oid).toMatch(/^\d+$/);
    const sellerReply = mei.locator('[data-testid="review-card"] [data-testid="review-seller-reply"]');
    await sellerReply.waitFor();
    expect(await sellerReply.textContent()).toContain(replyText);
  });

  it("lists the review in the buyer's customer panel, and opens its thread from there", async () => {
    const panel = mei.getByTestId('customer-panel');
    // From the buyer's order thread, the panel lists the review.
    await panel.locator('[data-testid="customer-thread"]').first().click();
    const review = mei.locator('[data-testid="customer-panel"] [data-testid="customer-review"][data-rating="1"]');
    await review.waitFor();
    await review.click();
    await mei.locator('[data-testid="review-card"][data-rating="1"]').waitFor();
    expect(stack.pageProblems).toEqual([]);
  });
});
