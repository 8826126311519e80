import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Two agents on one Shopify thread, in two browser contexts: Alex sees 小美 viewing and
 * typing; 小美's reply makes Alex's send ask first; and when both change the status or the
 * assignee at once, the server's order wins and Alex is told he lost.
 */
describe('two agents on one thread: presence, reply warning, conflicts', () => {
  let stack: E2eStack;
  let mei: Page;
  let alex: Page;
  let conversationId = '';
  let orderId = '';
  const buyer = 'Presence Pat';
  // The thread is found by its order: the inbox row shows the buyer as Shopify names them.
  const MEI = 'demo-user-xiaomei';
  const ALEX = 'demo-user-alex';

  beforeAll(async () => {
    stack = await startE2eStack();
    const order = await stack.demo.emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, buyerNick: buyer, note: 'Does the stove fit in the tent bag?' });
    orderId = order.orderId ?? '';
    mei = await stack.openApp();
    alex = await stack.openApp();
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const row = (page: Page) => page.locator(`[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`);
  const online = (page: Page) => page.locator('[data-testid="connection-state"][data-state="online"]').waitFor({ timeout: 60_000 });

  it('each agent sees the other online, and Alex sees 小美 viewing the thread', async () => {
    await logIn(mei, 'xiaomei', DEMO_PASSWORD);
    await logIn(alex, 'alex', DEMO_PASSWORD);
    await online(mei);
    await online(alex);
    await mei.locator(`[data-testid="online-user"][data-user-id="${ALEX}"]`).waitFor({ timeout: 30_000 });
    await alex.locator(`[data-testid="online-user"][data-user-id="${MEI}"]`).waitFor({ timeout: 30_000 });

    conversationId = await eventually('the buyer\'s thread on the server', async () => {
      const rows = await stack.demo.server.database.query<{ id: string }>(
        `select id from conversations where store_id = $1 and platform_order_id = $2`,
        [DEMO_STORE_IDS.shopifyOutdoor, orderId],
      );
      return rows[0]?.id;
    });
    await row(mei).waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      await mei.screenshot({ path: '/tmp/presence-inbox.png' });
      throw error;
    });
    await row(mei).click();
    await row(alex).click();
    await alex.locator(`[data-testid="conversation-view"][data-conversation-id="${conversationId}"]`).waitFor();
    await alex.locator(`[data-testid="presence-viewer"][data-user-id="${MEI}"]`).waitFor({ timeout: 30_000 });
    await mei.locator(`[data-testid="presence-viewer"][data-user-id="${ALEX}"]`).waitFor({ timeout: 30_000 });
  });

  it('Alex sees "小美 is typing…", which goes away once she stops', async () => {
    await mei.getByTestId('composer-input').pressSequentially('Yes, it fits', { delay: 30 });
    const typing = alex.locator(`[data-testid="presence-typing"][data-user-ids="${MEI}"]`);
    await typing.waitFor({ timeout: 30_000 });
    expect(await typing.textContent()).toBe('小美 is typing…');
    // No more keystrokes: the server expires the signal after about 5 s.
    await typing.waitFor({ state: 'detached', timeout: 30_000 });
    // She still has the thread open.
    await alex.locator(`[data-testid="presence-viewer"][data-user-id="${MEI}"]`).waitFor();
  });

  it("warns Alex before sending when 小美 replied since he opened the thread", async () => {
    await mei.getByTestId('composer-send').click();
    await alex.locator('[data-testid="message"][data-direction="out"]', { hasText: 'Yes, it fits' }).waitFor({ timeout: 30_000 });

    await alex.getByTestId('composer-input').fill('It fits, with room to spare.');
    await alex.getByTestId('composer-send').click();
    const warning = alex.getByTestId('reply-collision');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/小美 replied (now|\d+ seconds? ago|1 minute ago)\. Send yours anyway\?/);
    await alex.getByTestId('reply-collision-cancel').click();
    await warning.waitFor({ state: 'detached' });
    // Nothing was sent; the text is still there. Asked once: the next send goes through.
    expect(await alex.getByTestId('composer-input').inputValue()).toBe('It fits, with room to spare.');
    await alex.getByTestId('composer-send').click();
    await alex.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"]', { hasText: 'room to spare' }).waitFor({ timeout: 30_000 });
    expect(await alex.getByTestId('reply-collision').count()).toBe(0);
  });

  it("小美 resolves while Alex, offline, sets the thread pending: 小美's resolve stands and Alex is told", async () => {
    await alex.context().setOffline(true);
    await alex.locator('[data-testid="connection-state"]:not([data-state="online"])').waitFor({ timeout: 90_000 });
    await alex.getByTestId('conversation-status').locator('[data-status-option="pending"]').click();
    await alex.locator('[data-testid="conversation-view"][data-status="pending"]').waitFor();

    await mei.getByTestId('conversation-status').locator('[data-status-option="resolved"]').click();
    await eventually('resolved on the server', async () => {
      const rows = await stack.demo.server.database.query<{ status: string }>('select status from conversations where id = $1', [conversationId]);
      return rows[0]?.status === 'resolved' ? true : undefined;
    });

    await alex.context().setOffline(false);
    const notice = alex.getByTestId('conflict-notice');
    await notice.waitFor({ timeout: 90_000 });
    expect(await notice.textContent()).toBe('小美 already set this conversation to Resolved. Your change was not applied.');
    // Alex's overlay is gone: he sees the server's status, and nothing is left in his outbox.
    await alex.locator('[data-testid="conversation-view"][data-status="resolved"]').waitFor();
    await alex.locator('[data-testid="outbox-count"][data-count="0"]').waitFor();
    const rows = await stack.demo.server.database.query<{ status: string }>('select status from conversations where id = $1', [conversationId]);
    expect(rows[0]?.status).toBe('resolved');
    await alex.getByTestId('conflict-notice').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  });

  it('both take the thread at once: the first assignment stands and the other agent is told who has it', async () => {
    await alex.context().setOffline(true);
    await alex.locator('[data-testid="connection-state"]:not([data-state="online"])').waitFor({ timeout: 90_000 });
    await alex.getByTestId('conversation-assignee').click();
    await alex.getByTestId('assign-me').click();

    await mei.getByTestId('conversation-assignee').click();
    await mei.getByTestId('assign-me').click();
    await eventually('assigned to 小美 on the server', async () => {
      const rows = await stack.demo.server.database.query<{ assignee_id: string | null }>('select assignee_id from conversations where id = $1', [conversationId]);
      return rows[0]?.assignee_id === MEI ? true : undefined;
    });

    await alex.context().setOffline(false);
    const notice = alex.getByTestId('conflict-notice').filter({ hasText: 'assigned' });
    await notice.waitFor({ timeout: 90_000 });
    expect(await notice.textContent()).toBe('小美 already assigned this conversation to 小美. Your change was not applied.');
    const rows = await stack.demo.server.database.query<{ assignee_id: string | null }>('select assignee_id from conversations where id = $1', [conversationId]);
    expect(rows[0]?.assignee_id).toBe(MEI);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});
