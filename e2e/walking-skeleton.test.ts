import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * The walking skeleton as an agent lives it: log in, see Taobao and Shopify buyers in
 * one inbox, answer one, resolve it; then lose the server, keep working from the cache,
 * and see the queued reply delivered exactly once when the server is back.
 */
describe('an agent answers Taobao and Shopify buyers from one inbox, online and offline', () => {
  let stack: E2eStack;
  let page: Page;

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '在吗？这款明前龙井还有现货吗？', buyerNick: '小鹿乱撞' });
    await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, note: 'Can you ship before Friday? It is a gift.' });
    page = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const repliesWithText = (platform: 'taobao' | 'shopify', text: string) =>
    stack.demo.emulator.replies(platform).filter((reply) => Object.values(reply.fields).some((value) => value.includes(text)));

  it('shows conversations from both Taobao and Shopify after login', async () => {
    await logIn(page, 'xiaomei', DEMO_PASSWORD);
    await page.locator('[data-testid="inbox-row"][data-platform="taobao"]').first().waitFor();
    await page.locator('[data-testid="inbox-row"][data-platform="shopify"]').first().waitFor();
    await page.locator('[data-testid="connection-state"][data-state="online"]').waitFor();
  });

  it('answers the Taobao buyer: the emulator receives exactly that reply through TOP', async () => {
    await page.locator('[data-testid="inbox-row"][data-platform="taobao"]', { hasText: '龙井' }).first().click();
    await page.getByTestId('conversation-view').getByText('在吗？这款明前龙井还有现货吗？').first().waitFor();

    const reply = '亲，有现货的～今天下单明天发 🍵 Thanks!';
    await page.getByTestId('composer-input').fill(reply);
    await page.getByTestId('composer-send').click();

    await page.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"]', { hasText: reply }).waitFor();
    const received = await eventually('the reply at the emulator', () => {
      const found = repliesWithText('taobao', reply);
      return found.length > 0 ? found : undefined;
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.attempts).toBe(1);
    expect(received[0]?.storeId).toBe(DEMO_STORE_IDS.taobaoTea);
  });

  it('resolves the conversation, and the server agrees', async () => {
    const view = page.getByTestId('conversation-view');
    const conversationId = await view.getAttribute('data-conversation-id');
    await page.getByTestId('conversation-status').getByText('Resolved', { exact: true }).click();
    await page.locator('[data-testid="conversation-view"][data-status="resolved"]').waitFor();
    const status = await eventually('the status on the server', async () => {
      const rows = await stack.demo.server.database.query<{ status: string }>('select status from conversations where id = $1', [conversationId]);
      return rows[0]?.status === 'resolved' ? rows[0].status : undefined;
    });
    expect(status).toBe('resolved');
  });

  it('keeps working offline and delivers the queued reply exactly once when the server is back', async () => {
    await stack.demo.stopServer();
    await page.reload();
    // The cached inbox shows without a server.
    await page.locator('[data-testid="inbox-row"][data-platform="shopify"]').first().waitFor();
    await page.locator('[data-testid="connection-state"]:not([data-state="online"])').waitFor();

    await page.locator('[data-testid="inbox-row"][data-platform="shopify"]').first().click();
    const reply = 'Yes — it ships tomorrow by UPS, gift-wrapped. 🎁';
    await page.getByTestId('composer-input').fill(reply);
    await page.getByTestId('composer-send').click();
    await page.locator('[data-testid="message"][data-direction="out"][data-delivery="queued"]', { hasText: reply }).waitFor();
    await page.getByTestId('outbox-count').getByText('1').waitFor();
    expect(repliesWithText('shopify', reply)).toHaveLength(0);

    await stack.demo.restartServer();
    await page.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"]', { hasText: reply }).waitFor({ timeout: 30_000 });
    const received = await eventually('the queued reply at the emulator', () => {
      const found = repliesWithText('shopify', reply);
      return found.length > 0 ? found : undefined;
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.attempts).toBe(1);
    const stored = await stack.demo.server.database.query<{ n: number }>(
      'select count(*)::int as n from messages where body = $1',
      [reply],
    );
    expect(stored[0]?.n).toBe(1);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});
