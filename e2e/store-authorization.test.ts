import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * An owner sees each store's platform authorization on the Admin screen: "Authorized" with the
 * token's expiry while Huixin can renew it, and "Authorization expired — re-authorize" once the
 * platform refuses the renewal (the shop withdrew the app), never a token value.
 */
describe('store authorization on the Admin screen', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startE2eStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const jdRow = (page: Page) => page.locator(`[data-testid="admin-store"][data-platform="jd"]`);

  it('shows Authorized, then re-authorize after JD refuses the refresh token', async () => {
    const owner = await stack.openApp();
    await logIn(owner, 'owner', DEMO_PASSWORD);
    await owner.getByTestId('main-nav').getByText('Admin', { exact: true }).click();
    await jdRow(owner).locator('[data-testid="store-auth-ok"]').waitFor();
    expect(await jdRow(owner).getByTestId('store-auth-expiry').textContent()).toContain('Token expiry unknown');

    // The shop withdraws the app: the refresh token is refused and the access token expires.
    const { emulator } = stack.demo;
    emulator.oauth.revokeRefreshTokens(DEMO_STORE_IDS.jdAppliances);
    emulator.oauth.expireAccessTokens(DEMO_STORE_IDS.jdAppliances);
    const placed = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.jdAppliances });
    await emulator.advanceOrder({ storeId: DEMO_STORE_IDS.jdAppliances, orderId: placed.orderId ?? '', step: 'pay' });

    await eventually('the re-authorize badge', async () => {
      // The Admin screen reads the store list when opened: open it again until the poller met the refusal.
      await owner.getByTestId('main-nav').getByText('Inbox', { exact: true }).click();
      await owner.getByTestId('main-nav').getByText('Admin', { exact: true }).click();
      await jdRow(owner).waitFor();
      return (await jdRow(owner).locator('[data-testid="store-auth-reauthorize"]').count()) > 0 ? true : undefined;
    }, 60_000);
    expect(await jdRow(owner).textContent()).toContain('Authorize the app again');
    expect(await jdRow(owner).getByTestId('store-auth-error').textContent()).toContain('refresh_token');
    const page = await owner.content();
    expect(page).not.toContain('demo-jd-refresh-token');
    expect(page).not.toContain('demo-jd-access-token');
    expect(stack.pageProblems).toEqual([]);
    await owner.context().close();
  }, 120_000);
});
