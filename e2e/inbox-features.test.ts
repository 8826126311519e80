import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { grantStore } from '../server/stores/stores';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * The merged inbox as agents work it: Taobao and Shopify threads side by side with their
 * badges, a filter saved as a view with its unread count, the buyer's orders beside the
 * chat (and an order card and a note sent from there), and automatic assignment spreading
 * new threads over the two agents online, within the cap.
 */
describe('merged inbox: filters, saved views, customer panel, auto-assignment', () => {
  let stack: E2eStack;
  let mei: Page;
  let taobaoOrderId = '';
  const buyerNick = '小鹿乱撞';

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    const order = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.taobaoTea, buyerNick, note: null });
    taobaoOrderId = order.orderId ?? '';
    await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '在吗？我的龙井什么时候发货？', buyerNick });
    await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, buyerNick: 'Jamie Fox', note: 'Is the tent waterproof?' });
    mei = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const rows = (page: Page, platform?: string) =>
    page.locator(platform ? `[data-testid="inbox-row"][data-platform="${platform}"]` : '[data-testid="inbox-row"]');

  it('shows Taobao and Shopify threads in one inbox, each with its platform badge', async () => {
    expect(taobaoOrderId).not.toBe('');
    await logIn(mei, 'xiaomei', DEMO_PASSWORD);
    await rows(mei, 'taobao').first().locator('[data-platform="taobao"]').waitFor();
    await rows(mei, 'shopify').first().locator('[data-platform="shopify"]').waitFor();
  });

  it('filters by channel, saves the filter as a view with its unread count, and reapplies it', async () => {
    await mei.getByTestId('inbox-filters').click();
    await mei.getByTestId('filter-platforms').click();
    await mei.getByTestId('inbox-filters-panel').getByRole('option', { name: 'Shopify' }).click();
    await mei.keyboard.press('Escape');
    await mei.locator('[data-testid="inbox-filters"][data-count="1"]').waitFor();
    await eventually('only Shopify rows', async () => ((await rows(mei, 'taobao').count()) === 0 && (await rows(mei, 'shopify').count()) > 0 ? true : undefined));
    const shopifyUnread = await mei.locator('[data-testid="inbox-row"][data-unread="true"]').count();
    expect(shopifyUnread).toBeGreaterThan(0);

    await mei.getByTestId('save-view').click();
    await mei.getByTestId('save-view-name').fill('Shopify 订单');
    await mei.getByTestId('save-view-submit').click();
    const view = mei.locator('[data-testid="saved-view"][data-view-name="Shopify 订单"]');
    await mei.locator(`[data-testid="saved-view"][data-view-name="Shopify 订单"][data-active="true"][data-unread="${shopifyUnread}"]`).waitFor();

    // Clearing the filter brings Taobao back and the view is no longer the active one.
    await mei.getByTestId('inbox-filters-clear').click();
    await rows(mei, 'taobao').first().waitFor();
    await mei.locator('[data-testid="saved-view"][data-view-name="Shopify 订单"][data-active="false"]').waitFor();

    // The view reapplies the filter; reading its thread brings its unread count down.
    await view.getByTestId('saved-view-apply').click();
    await eventually('only Shopify rows again', async () => ((await rows(mei, 'taobao').count()) === 0 ? true : undefined));
    await rows(mei, 'shopify').first().click();
    await mei.locator(`[data-testid="saved-view"][data-view-name="Shopify 订单"][data-unread="${shopifyUnread - 1}"]`).waitFor();
    await mei.getByTestId('inbox-filters-clear').click();
  });

  it("shows the buyer's orders beside the chat; sends an order card and an internal note from there", async () => {
    await rows(mei, 'taobao').filter({ hasText: buyerNick }).first().click();
    const panel = mei.getByTestId('customer-panel');
    const order = panel.locator(`[data-testid="customer-order"][data-order-id="${taobaoOrderId}"]`);
    await order.waitFor();
    expect(await order.getByTestId('order-total').textContent()).toMatch(/¥\d/);

    await order.getByTestId('send-order-card').click();
    await mei.locator(`[data-testid="message"][data-direction="out"][data-delivery="sent"] [data-testid="message-card"][data-order-id="${taobaoOrderId}"]`).waitFor();
    const atEmulator = await eventually('the card (as text: Taobao shows no cards) at the emulator', () => {
      const found = stack.demo.emulator.replies('taobao').filter((r) => Object.values(r.fields).some((v) => v.includes(`#${taobaoOrderId}`)));
      return found.length > 0 ? found : undefined;
    });
    expect(atEmulator).toHaveLength(1);

    await mei.getByTestId('reply-mode').getByText('Internal note').click();
    await mei.getByTestId('note-input').fill('买家很着急，优先发货');
    await mei.getByTestId('note-send').click();
    await mei.locator('[data-testid="message"][data-direction="note"]', { hasText: '买家很着急，优先发货' }).waitFor();
    // A note stays in the team: nothing more reached the platform.
    expect(stack.demo.emulator.replies('taobao').filter((r) => Object.values(r.fields).some((v) => v.includes('优先发货')))).toHaveLength(0);
  });

  it('auto-assignment (round-robin, cap 1) spreads new chats over the two online agents', async () => {
    const { server, emulator } = stack.demo;
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lead', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const put = await fetch(`${server.url}/api/team/assignment`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'round_robin', cap: 1 }),
    });
    expect(put.status).toBe(200);

    // Both agents may see the Taobao store (the grant `npm run admin -- store grant` makes); both are online.
    await grantStore(server.database, DEMO_STORE_IDS.taobaoTea, 'demo-user-alex');
    const alex = await stack.openApp();
    await logIn(alex, 'alex', DEMO_PASSWORD);
    await alex.locator('[data-testid="connection-state"][data-state="online"]').waitFor();
    await mei.locator('[data-testid="connection-state"][data-state="online"]').waitFor();

    const buyers = ['自动一号', '自动二号', '自动三号'];
    for (const name of buyers) await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, buyerNick: name, text: `${name}：有优惠吗？` });

    const assigned = await eventually('three new threads on the server', async () => {
      const found = await server.database.query<{ assignee_id: string | null; nickname: string }>(
        `select c.assignee_id, cu.nickname from conversations c join customers cu on cu.id = c.customer_id
          where c.store_id = $1 and cu.nickname = any($2::text[])`,
        [DEMO_STORE_IDS.taobaoTea, buyers],
      );
      return found.length === 3 ? found : undefined;
    });
    const owners = assigned.map((row) => row.assignee_id);
    // One each (the cap), the third waits unassigned.
    expect(owners.filter((id) => id === 'demo-user-xiaomei')).toHaveLength(1);
    expect(owners.filter((id) => id === 'demo-user-alex')).toHaveLength(1);
    expect(owners.filter((id) => id === null)).toHaveLength(1);

    // Each agent finds theirs under "Mine".
    for (const page of [mei, alex]) {
      await page.getByTestId('quick-views').getByText('Mine').click();
      await eventually('one row under Mine', async () => ((await rows(page).count()) === 1 ? true : undefined));
      const text = (await rows(page).first().textContent()) ?? '';
      expect(buyers.filter((name) => text.includes(name))).toHaveLength(1);
    }
    await alex.context().close();
  });

  it('an owner adds a store from the Admin screen: per-field errors, then the webhook URL to paste, never the secret', async () => {
    const owner = await stack.openApp();
    await logIn(owner, 'owner', DEMO_PASSWORD);
    await owner.getByTestId('main-nav').getByText('Admin', { exact: true }).click();
    await owner.getByTestId('admin-store').first().waitFor();
    const before = await owner.getByTestId('admin-store').count();

    await owner.getByTestId('store-add').click();
    await owner.getByTestId('store-platform').click();
    await owner.getByRole('option', { name: 'WooCommerce' }).click();
    await owner.getByTestId('store-name').fill('Glaze & Grain');
    await owner.getByTestId('store-save').click();
    // The server refuses the missing secret; the form says so beside that field.
    await owner.locator('[data-testid="store-field-error"][data-field="webhookSecret"]').waitFor();
    expect(await owner.getByTestId('admin-store').count()).toBe(before);

    const secret = 'wc-secret-never-shown-9f2c';
    for (const field of await owner.getByTestId('store-credential').all()) {
      const name = (await field.getAttribute('data-field')) ?? '';
      await field.fill(/url/i.test(name) ? 'https://glaze-and-grain.example/relay' : name === 'webhookSecret' ? secret : 'token-abc');
    }
    await owner.getByTestId('store-save').click();
    const row = owner.locator('[data-testid="admin-store"][data-platform="woocommerce"]', { hasText: 'Glaze & Grain' });
    await row.waitFor();
    const url = (await row.getByTestId('store-webhook-url').textContent()) ?? '';
    expect(url.startsWith(`${stack.demo.server.publicUrl}/webhooks/woocommerce/`), url).toBe(true);
    // The form (which held what the owner typed) closes; nothing the server sends back holds the secret.
    await owner.getByTestId('store-save').waitFor({ state: 'detached' });
    expect(await owner.content()).not.toContain(secret);

    // Agents have no Admin entry at all.
    expect(await mei.getByTestId('main-nav').getByText('Admin', { exact: true }).count()).toBe(0);
    await owner.context().close();
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});
