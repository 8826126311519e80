import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PLATFORMS } from '../shared';
import { DEMO_PASSWORD, demoStores } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Every platform lands in the one inbox: one buyer event per demo store, each in its
 * platform's own wire format through its real delivery path (webhook, message service or
 * poller), shows up as a row with that platform's badge for the owner, who sees every store.
 */
describe('every storefront and social channel in one inbox', () => {
  let stack: E2eStack;
  let owner: Page;

  beforeAll(async () => {
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    for (const store of demoStores(emulator.url)) {
      // Chat-only channels get a buyer message; shops get a paid order (Pinduoduo and JD
      // report nothing for an unpaid one).
      if (store.platform === 'weibo') {
        await emulator.sendBuyerMessage({ storeId: store.id, text: '可以开发票吗？' });
      } else {
        const placed = await emulator.placeOrder({ storeId: store.id, note: null });
        if (placed.orderId) await emulator.advanceOrder({ storeId: store.id, orderId: placed.orderId, step: 'pay' });
      }
    }
    owner = await stack.openApp();
    // Tall enough that the virtualized inbox renders every row at once.
    await owner.setViewportSize({ width: 1360, height: 2400 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows a row with its badge for each of the ten platforms', async () => {
    await logIn(owner, 'owner', DEMO_PASSWORD);
    await owner.getByTestId('inbox-tabs').getByText('All', { exact: true }).click();
    let latest = new Set<string | null>();
    const seen = await eventually(
      'a row from every platform',
      async () => {
        latest = new Set(await owner.locator('[data-testid="inbox-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-platform'))));
        return PLATFORMS.every((platform) => latest.has(platform)) ? latest : undefined;
      },
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; rows seen from: ${[...latest].join(', ')}`);
    });
    expect([...seen].sort()).toEqual([...PLATFORMS].sort());
    for (const platform of PLATFORMS) {
      await owner.locator(`[data-testid="inbox-row"][data-platform="${platform}"] [data-platform="${platform}"]`).first().waitFor();
    }
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});
