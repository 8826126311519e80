import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { shipmentFor } from '../emulator/shipments';
import { logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * Logistics beside the chat: a Taobao order is placed, paid and shipped with SF Express
 * through the emulator's HTTP control API; the server reads the waybill with
 * taobao.logistics.orders.get on the ship message; the agent opens the buyer's order thread
 * and the customer panel names the carrier in the UI language and shows the tracking number.
 * HUIXIN_SCREENSHOTS=<dir> also saves the panel in en and zh-CN there.
 */
describe('order logistics in the customer panel', () => {
  let stack: E2eStack;
  let mei: Page;
  const buyerNick = '顺丰等快递的阿宁';
  const store = DEMO_STORE_IDS.taobaoTea;
  let orderId = '';

  /** The emulator's control API, as a tester or the load tools drive it. */
  const control = async (path: string, body: unknown): Promise<{ orderId: string | null }> => {
    const response = await fetch(`${stack.demo.emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return (await response.json()) as { orderId: string | null };
  };

  beforeAll(async () => {
    stack = await startE2eStack();
    orderId = (await control('scenario/order', { storeId: store, buyerNick, note: null })).orderId ?? '';
    await control('scenario/order-step', { storeId: store, orderId, step: 'pay' });
    await control('scenario/order-step', { storeId: store, orderId, step: 'ship', carrier: 'SF' });
    mei = await stack.openApp();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const screenshot = async (name: string) => {
    const dir = process.env.HUIXIN_SCREENSHOTS;
    if (dir) await mei.getByTestId('customer-panel').screenshot({ path: join(dir, name) });
  };

  it("shows the carrier and tracking number on the buyer's shipped order, carrier named in the UI language", async () => {
    expect(orderId).toMatch(/^\d{19}$/);
    const trackingNumber = shipmentFor(orderId, 'SF').trackingNumber;
    await logIn(mei, 'xiaomei', DEMO_PASSWORD);
    await mei.locator('[data-testid="inbox-row"][data-platform="taobao"]').filter({ hasText: buyerNick }).first().click();

    const order = mei.getByTestId('customer-panel').locator(`[data-testid="customer-order"][data-order-id="${orderId}"][data-status="shipped"]`);
    const logistics = order.getByTestId('order-logistics');
    await logistics.waitFor();
    expect(await logistics.getByTestId('order-carrier').textContent()).toBe('SF Express');
    expect(await logistics.getByTestId('order-tracking-number').textContent()).toBe(trackingNumber);
    await screenshot('logistics-en.png');

    await mei.getByTestId('language-switch').selectOption('zh-CN');
    await logistics.locator('[data-testid="order-carrier"]', { hasText: '顺丰速运' }).waitFor();
    expect(await logistics.getByTestId('order-tracking-number').textContent()).toBe(trackingNumber);
    await screenshot('logistics-zh-CN.png');
    expect(stack.pageProblems).toEqual([]);
  });
});
