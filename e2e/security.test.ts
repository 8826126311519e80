import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Security as an agent and an owner live it: the agent sees a buyer's phone masked (the
 * clear number never reaches the browser); the owner removes the agent, whose app returns
 * to the login screen saying why, with its IndexedDB cache emptied.
 */
describe('masked buyer data and removing an agent', () => {
  let stack: E2eStack;
  let page: Page;
  let clearPhone: string;

  beforeAll(async () => {
    stack = await startE2eStack();
    await stack.demo.emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, note: 'Please call me before delivery.' });
    const [row] = await eventually('the buyer contact on the server', async () => {
      const rows = await stack.demo.server.database.query<{ phone: string | null }>(
        `select phone from customers where store_id = $1 and phone is not null`,
        [DEMO_STORE_IDS.shopifyOutdoor],
      );
      return rows.length > 0 ? rows : undefined;
    });
    clearPhone = row?.phone ?? '';
    expect(clearPhone).toMatch(/555-01\d\d$/);
    page = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the agent the buyer phone masked, with no reveal button', async () => {
    await logIn(page, 'alex', DEMO_PASSWORD);
    await page.locator('[data-testid="inbox-row"][data-platform="shopify"]').first().click();
    const phone = page.getByTestId('contact-phone');
    await phone.waitFor();
    const shown = (await phone.textContent()) ?? '';
    expect(shown).toContain('****');
    expect(shown).not.toContain(clearPhone.replace(/\D/g, '').slice(-7));
    expect(await page.getByTestId('contact-reveal').count()).toBe(0);
    // Nothing in the browser holds the clear number, not even the cache.
    expect(await page.content()).not.toContain(clearPhone);
    expect(await cacheText(page)).not.toContain(clearPhone);
  });

  it('the owner removes the agent: the app returns to login with the reason and the cache is empty', async () => {
    expect(await cacheCount(page)).toBeGreaterThan(0);
    const login = await fetch(`${stack.demo.server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'owner', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const removed = await fetch(`${stack.demo.server.url}/api/users/demo-user-alex`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).toBe(200);

    await page.locator('[data-testid="login-revoked"][data-reason="account_removed"]').waitFor();
    await page.getByTestId('login-name').waitFor();
    expect(await cacheCount(page)).toBe(0);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});

/** Rows in every object store of the app's IndexedDB, except the note saying why the user was signed out. */
async function cacheRows(page: Page): Promise<unknown[]> {
  return page.evaluate<unknown[]>(READ_CACHE);
}
const cacheCount = async (page: Page) => (await cacheRows(page)).length;
const cacheText = async (page: Page) => JSON.stringify(await cacheRows(page));

/** Evaluated in the page (a string: this file is compiled without DOM types). */
const READ_CACHE = `new Promise((resolve, reject) => {
  const open = indexedDB.open('huixin');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const names = [...db.objectStoreNames];
    if (names.length === 0) { db.close(); resolve([]); return; }
    const tx = db.transaction(names, 'readonly');
    const rows = [];
    for (const name of names) {
      const request = tx.objectStore(name).getAll();
      request.onsuccess = () => {
        for (const row of request.result) if (!(name === 'meta' && row.key === 'revokedReason')) rows.push(row);
      };
    }
    tx.oncomplete = () => { db.close(); resolve(rows); };
    tx.onerror = () => reject(tx.error);
  };
})`;
