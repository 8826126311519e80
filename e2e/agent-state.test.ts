import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Agent state follows the agent: on one "machine" (browser context A) 小美 saves a view
 * and reads a thread; on another (context B, an empty cache) she signs in and finds the
 * view and the thread already read, while a thread she never opened is still unread.
 */
describe('saved views and read state follow the agent to another machine', () => {
  let stack: E2eStack;
  let machineA: Page;
  const readBuyer = '阿狸同步';
  const unreadBuyer = '未读的熊猫';
  const viewName = 'Shopify 跟进';

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '请问明前龙井还有货吗？', buyerNick: readBuyer });
    await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '包邮吗？', buyerNick: unreadBuyer });
    await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, buyerNick: 'Robin Sync', note: 'Gift wrap please' });
    machineA = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const row = (page: Page, buyer: string, unread?: boolean) =>
    page.locator(`[data-testid="inbox-row"]${unread === undefined ? '' : `[data-unread="${unread}"]`}`).filter({ hasText: buyer }).first();
  const savedView = (page: Page, extra = '') => page.locator(`[data-testid="saved-view"][data-view-name="${viewName}"]${extra}`);

  it('on machine A: saves a view and reads a thread; both reach the server', async () => {
    await logIn(machineA, 'xiaomei', DEMO_PASSWORD);
    await row(machineA, readBuyer, true).waitFor();

    await machineA.getByTestId('inbox-filters').click();
    await machineA.getByTestId('filter-platforms').click();
    await machineA.getByTestId('inbox-filters-panel').getByRole('option', { name: 'Shopify' }).click();
    await machineA.keyboard.press('Escape');
    await machineA.getByTestId('save-view').click();
    await machineA.getByTestId('save-view-name').fill(viewName);
    await machineA.getByTestId('save-view-submit').click();
    await savedView(machineA, '[data-active="true"]').waitFor();
    await machineA.getByTestId('inbox-filters-clear').click();

    await row(machineA, readBuyer).click();
    await row(machineA, readBuyer, false).waitFor();

    // The view and the read mark went through the outbox (the marks after a short pause).
    const database = stack.demo.server.database;
    await eventually('the saved view and the read mark are stored on the server', async () => {
      const views = await database.query<{ name: string }>(
        `SELECT v.name FROM saved_views v JOIN users u ON u.id = v.owner_id WHERE u.name = 'xiaomei' AND v.deleted_at IS NULL`,
      );
      const marks = await database.query<{ nickname: string }>(
        `SELECT cu.nickname FROM read_marks r JOIN users u ON u.id = r.user_id
           JOIN conversations c ON c.id = r.conversation_id JOIN customers cu ON cu.id = c.customer_id
          WHERE u.name = 'xiaomei'`,
      );
      return views.some((v) => v.name === viewName) && marks.some((m) => m.nickname === readBuyer) ? true : undefined;
    });
  });

  it('on machine B with an empty cache: the same agent finds the view and the thread read', async () => {
    const machineB = await stack.openApp();
    await logIn(machineB, 'xiaomei', DEMO_PASSWORD);
    await savedView(machineB).waitFor();
    await row(machineB, readBuyer, false).waitFor();
    // Not everything is read: the thread she never opened still is unread here.
    await row(machineB, unreadBuyer, true).waitFor();

    // The view applies its filter on this machine too.
    await savedView(machineB).getByTestId('saved-view-apply').click();
    await savedView(machineB, '[data-active="true"]').waitFor();
    await eventually('only Shopify rows on machine B', async () => {
      const platforms = await machineB.locator('[data-testid="inbox-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-platform')));
      return platforms.length > 0 && platforms.every((p) => p === 'shopify') ? true : undefined;
    });
    expect(stack.pageProblems).toEqual([]);
  });
});
