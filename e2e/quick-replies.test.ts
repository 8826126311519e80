import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Quick replies and the compliance check as an agent lives them: write a personal quick
 * reply with the order number as a variable, answer a Taobao buyer with `/` + shortcut
 * from the keyboard alone, see the real order number go out; then a banned claim is
 * highlighted, and once the owner sets the store to block, it cannot be sent.
 */
describe('quick replies and the compliance check', () => {
  let stack: E2eStack;
  let agent: Page;
  let orderNumber: string;
  const buyerNick = '茶友阿杰';

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    const order = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.taobaoTea, buyerNick });
    expect(order.orderId).not.toBeNull();
    orderNumber = order.orderId ?? '';
    await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '你好，我的订单发货了吗？', buyerNick });
    agent = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const taobaoRepliesWith = (text: string) =>
    stack.demo.emulator.replies('taobao').filter((reply) => Object.values(reply.fields).some((value) => value === text));

  it('creates a personal quick reply with the order number variable', async () => {
    await logIn(agent, 'xiaomei', DEMO_PASSWORD);
    await agent.getByTestId('main-nav').getByText('Quick replies').click();
    await agent.getByTestId('template-new').click();
    await agent.getByTestId('template-title').fill('Shipped');
    await agent.getByTestId('template-shortcut').fill('fahuo');
    await agent.getByTestId('template-body').fill('亲，您的订单 ');
    await agent.locator('[data-testid="template-variable"]', { hasText: 'order.number' }).click();
    await agent.getByTestId('template-body').press('End');
    await agent.getByTestId('template-body').pressSequentially(' 已发货，请注意查收～');
    // The sample preview fills the variable; nothing is flagged.
    await agent.getByTestId('template-preview-text').getByText('3921004455667788', { exact: false }).waitFor();
    await agent.getByTestId('template-save').click();
    await agent.locator('[data-testid="template-row"][data-shortcut="fahuo"]').waitFor();
    // The server took it: it comes back through the agent's own stream and leaves the outbox.
    await eventually('the template on the server', async () => {
      const rows = await stack.demo.server.database.query<{ n: number }>("select count(*)::int as n from quick_replies where shortcut = 'fahuo'");
      return rows[0]?.n === 1 ? true : undefined;
    });
  });

  it('answers with / + shortcut from the keyboard: the order number is filled in and the emulator gets exactly that text', async () => {
    await agent.getByTestId('main-nav').getByText('Inbox').click();
    await agent.locator('[data-testid="inbox-row"][data-platform="taobao"]', { hasText: '我的订单发货了吗' }).first().click();
    const input = agent.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('/fah');
    await agent.locator('[data-testid="template-picker"]').waitFor();
    await agent.locator('[data-testid="template-option"][data-shortcut="fahuo"][data-active="true"]').waitFor();
    await input.press('Enter');
    await agent.locator('[data-testid="template-picker"]').waitFor({ state: 'detached' });

    const expected = `亲，您的订单 ${orderNumber} 已发货，请注意查收～`;
    expect(await input.inputValue()).toBe(expected);
    await input.press('Enter');

    await agent.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"]', { hasText: expected }).waitFor();
    const received = await eventually('the reply at the emulator', () => {
      const found = taobaoRepliesWith(expected);
      return found.length > 0 ? found : undefined;
    });
    expect(received).toHaveLength(1);
    // The server counted the template's use.
    const used = await eventually('the usage record', async () => {
      const rows = await stack.demo.server.database.query<{ n: number }>(
        "select count(*)::int as n from template_usage u join quick_replies q on q.id = u.template_id where q.shortcut = 'fahuo'",
      );
      return (rows[0]?.n ?? 0) > 0 ? rows[0]?.n : undefined;
    });
    expect(used).toBe(1);
  });

  let owner: Page;
  const setTaobaoMode = async (label: 'Warn' | 'Block', mode: 'warn' | 'block') => {
    const row = owner.locator(`[data-testid="store-mode"][data-store-id="${DEMO_STORE_IDS.taobaoTea}"]`);
    await row.getByText(label, { exact: true }).click();
    await owner.locator(`[data-testid="store-mode"][data-store-id="${DEMO_STORE_IDS.taobaoTea}"][data-mode="${mode}"]`).waitFor();
  };
  const banned = '这款是全网最低价哦';

  it('highlights a banned claim as it is typed; with the store on warn, sending asks first', async () => {
    // The demo's Taobao store starts on block; its owner relaxes it to warn.
    owner = await stack.openApp();
    await logIn(owner, 'owner', DEMO_PASSWORD);
    await owner.getByTestId('main-nav').getByText('Compliance').click();
    await setTaobaoMode('Warn', 'warn');

    const input = agent.getByTestId('composer-input');
    await input.fill(banned);
    await agent.locator('[data-testid="compliance-highlight"][data-kind="banned"]', { hasText: '全网最低' }).waitFor();
    await agent.locator('[data-testid="compliance-finding"][data-severity="banned"]').waitFor();
    await agent.locator('[data-testid="composer"][data-verdict="confirm"]').waitFor({ timeout: 30_000 });
    await input.press('Enter');
    await agent.getByTestId('compliance-confirm').waitFor();
    await agent.getByTestId('compliance-edit').click();
    await agent.getByTestId('compliance-confirm').waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe(banned);
    expect(taobaoRepliesWith(banned)).toHaveLength(0);
  });

  it('cannot send it once the owner sets the store to block', async () => {
    await setTaobaoMode('Block', 'block');
    // The setting reaches the agent through sync; the composer now refuses.
    await agent.locator('[data-testid="composer"][data-verdict="blocked"]').waitFor({ timeout: 30_000 });
    await agent.getByTestId('compliance-blocked').waitFor();
    expect(await agent.getByTestId('composer-send').isDisabled()).toBe(true);
    await agent.getByTestId('composer-input').press('Enter');
    expect(await agent.getByTestId('compliance-confirm').count()).toBe(0);
    expect(await agent.getByTestId('composer-input').inputValue()).toBe(banned);
    expect(taobaoRepliesWith(banned)).toHaveLength(0);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});
