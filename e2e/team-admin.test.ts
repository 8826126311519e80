import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * The owner runs the team from the Admin screen: adds an agent with one store (the form
 * shows the server's field errors first), the agent logs in elsewhere and sees that
 * store's threads only, then the owner removes the agent and the agent's app says why.
 * With HUIXIN_E2E_SCREENSHOTS=<dir> it also saves the Team section in English and Chinese.
 */
describe('team admin: add an agent with one store, then remove them', () => {
  let stack: E2eStack;
  let owner: Page;
  let agent: Page;

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, buyerNick: 'Robin Team', note: 'Does the stove fit in the pack?' });
    await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '你好，请问有新茶吗？', buyerNick: '茶友' });
    owner = await stack.openApp();
    await logIn(owner, 'owner', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const member = (name: string) => owner.locator(`[data-testid="team-member"][data-name="${name}"]`);

  it('adds an agent with one store; the form shows the server’s field errors first', async () => {
    await owner.getByTestId('main-nav').getByText('Admin', { exact: true }).click();
    await member('alex').waitFor();
    await owner.getByTestId('member-add').click();
    const form = owner.getByTestId('member-form');
    await form.getByTestId('member-name').fill('new agent');
    await form.getByTestId('member-password').fill('short');
    await form.getByTestId('member-save').click();
    await form.locator('[data-testid="member-field-error"][data-field="name"]').waitFor();
    expect(await form.locator('[data-testid="member-field-error"][data-field="password"]').textContent()).toBe('At least 8 characters.');

    await form.getByTestId('member-name').fill('newagent');
    await form.getByTestId('member-display-name').fill('New Agent');
    await form.getByTestId('member-password').fill('welcome-2024');
    await form.getByTestId('member-stores').click();
    await owner.getByRole('option', { name: /· Shopify$/ }).click();
    await owner.keyboard.press('Escape');
    await form.getByTestId('member-save').click();
    await member('newagent').waitFor();
    expect(await member('newagent').getAttribute('data-state')).toBe('active');
    await shoot(owner, 'team-en');
  });

  it('the new agent sees only the granted store’s threads', async () => {
    agent = await stack.openApp();
    await logIn(agent, 'newagent', 'welcome-2024');
    const rows = agent.locator('[data-testid="inbox-row"]');
    await agent.locator('[data-testid="inbox-row"][data-platform="shopify"]').first().waitFor();
    const platforms = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-platform')));
    expect(platforms.length).toBeGreaterThan(0);
    expect(new Set(platforms)).toEqual(new Set(['shopify']));
  });

  it('removing the agent (after a confirmation) ends their session with the reason shown', async () => {
    await member('newagent').getByTestId('member-remove').click();
    const confirm = owner.getByTestId('member-confirm');
    expect(await confirm.textContent()).toContain('sessions end at once');
    await confirm.getByTestId('member-confirm-ok').click();
    await owner.locator('[data-testid="team-member"][data-name="newagent"][data-state="removed"]').waitFor();
    await agent.locator('[data-testid="login-revoked"][data-reason="account_removed"]').waitFor();
    await eventually('no thread left on the agent’s screen', async () => ((await agent.locator('[data-testid="inbox-row"]').count()) === 0 ? true : undefined));
    if (process.env.HUIXIN_E2E_SCREENSHOTS) {
      await owner.getByTestId('language-switch').selectOption('zh-CN');
      await owner.getByText('团队', { exact: true }).waitFor();
      await shoot(owner, 'team-zh-CN');
    }
    expect(stack.pageProblems).toEqual([]);
  });
});

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.HUIXIN_E2E_SCREENSHOTS;
  if (!dir) return;
  await page.getByTestId('team-admin').screenshot({ path: `${dir}/${name}.png` });
}
