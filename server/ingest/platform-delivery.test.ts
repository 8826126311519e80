import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator';
import { buildShopifyWebhook } from '../../emulator/shopify/webhookSender';
import { DEMO_STORE_IDS, demoStores } from '../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../testing/platform-stack';
import type { TestServer } from '../testing/test-server';

/**
 * The two walking-skeleton platforms end to end through the server: the emulator speaks
 * each platform's native format (Shopify webhooks with their HMAC; Taobao's TMC message
 * service that the server connects out to) into the real HTTP endpoint and the real
 * database. Bad input must get its clear answer and leave nothing half-written.
 */
describe('Shopify webhooks and Taobao TMC into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 42, tmcRedeliveryMs: 300 });
    ({ emulator, server } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Rows in every table an ingest writes: a half-written delivery would change one of them. */
  const rowCounts = () => rowCountsOf(server.database);

  const shopifyWebhookUrl = () => `${server.url}/webhooks/shopify/${DEMO_STORE_IDS.shopifyOutdoor}`;
  const shopifyStore = () => {
    const store = demoStores(emulator.url).find((s) => s.platform === 'shopify');
    if (!store || store.platform !== 'shopify') throw new Error('no demo Shopify store');
    return store;
  };

  it('stores a signed Shopify order with its id beyond 2^53 digit-exact', async () => {
    const result = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, note: 'Gift wrap please 🎁' });
    expect(result.shopifyDeliveries.every((delivery) => delivery.status === 200)).toBe(true);
    const orderId = result.orderId ?? undefined;
    expect(orderId).toMatch(/^\d{17,}$/);
    expect(BigInt(orderId ?? '0')).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const rows = await server.database.query<{ platform_order_id: string }>(
      'select platform_order_id from orders where store_id = $1 and platform_order_id = $2',
      [DEMO_STORE_IDS.shopifyOutdoor, orderId],
    );
    expect(rows).toHaveLength(1);
    const notes = await server.database.query<{ body: string }>("select body from messages where direction = 'in' and body = $1", ['Gift wrap please 🎁']);
    expect(notes).toHaveLength(1);
  });

  it('keeps a shipped Shopify order’s carrier and tracking number, and later events do not erase them', async () => {
    const placed = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor });
    const orderId = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, orderId, step: 'pay' });
    await emulator.advanceOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, orderId, step: 'ship' });
    const logisticsOf = async () =>
      (await server.database.query<{ logistics: { company: string; trackingNumber: string } | null }>(
        'select logistics from orders where store_id = $1 and platform_order_id = $2',
        [DEMO_STORE_IDS.shopifyOutdoor, orderId],
      ))[0]?.logistics;
    const shipped = await logisticsOf();
    expect(shipped?.company).toMatch(/UPS|USPS|FedEx|DHL/);
    expect(shipped?.trackingNumber).toContain(orderId.slice(-10));
    await emulator.advanceOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, orderId, step: 'refund' });
    expect(await logisticsOf()).toEqual(shipped);
  });

  it('answers a forged signature with 401 and stores nothing', async () => {
    const before = await rowCounts();
    const delivery = await emulator.sendForgedShopifyWebhook({ storeId: DEMO_STORE_IDS.shopifyOutdoor });
    expect(delivery.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers a correctly signed but malformed body with 400 and a clear message, storing nothing', async () => {
    const before = await rowCounts();
    const request = buildShopifyWebhook({ id: DEMO_STORE_IDS.shopifyOutdoor, platform: 'shopify', credentials: shopifyStore().credentials }, 'orders/create', '{"id": 1, "line_items": [');
    const response = await fetch(shopifyWebhookUrl(), { method: 'POST', headers: request.headers, body: request.body });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error?: string };
    expect(body.error).toMatch(/json/i);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a 5 MB body with 413 and stores nothing', async () => {
    const before = await rowCounts();
    const huge = JSON.stringify({ id: 1, note: 'x'.repeat(5 * 1024 * 1024) });
    const request = buildShopifyWebhook({ id: DEMO_STORE_IDS.shopifyOutdoor, platform: 'shopify', credentials: shopifyStore().credentials }, 'orders/create', huge);
    const response = await fetch(shopifyWebhookUrl(), { method: 'POST', headers: request.headers, body: request.body });
    expect(response.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it('stores a replayed Shopify delivery once', async () => {
    await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor });
    const before = await rowCounts();
    const replay = await emulator.replayShopifyDelivery({ storeId: DEMO_STORE_IDS.shopifyOutdoor });
    expect(replay.status).toBe(200);
    // One delivery can carry several events (the order, and the buyer's checkout note): all are duplicates now.
    const answer = JSON.parse(replay.responseBody) as { ok: boolean; stored: number; duplicates: number };
    expect(answer).toMatchObject({ ok: true, stored: 0 });
    expect(answer.duplicates).toBeGreaterThanOrEqual(1);
    expect(await rowCounts()).toEqual(before);
  });

  it('receives a Taobao buyer message through TMC, confirmed, and a redelivered message once', async () => {
    const text = '亲，这款明前龙井是今年的新茶吗？';
    const result = await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text, buyerNick: '小鹿乱撞' });
    for (const id of result.tmcMessageIds) await emulator.waitForTmcConfirm(id, 10_000);
    const stored = await server.database.query<{ n: number }>('select count(*)::int as n from messages where body = $1', [text]);
    expect(stored[0]?.n).toBe(1);

    const before = await rowCounts();
    const replayedId = emulator.replayTmcMessage({ storeId: DEMO_STORE_IDS.taobaoTea });
    await emulator.waitForTmcConfirm(replayedId, 10_000);
    expect(await rowCounts()).toEqual(before);
  });

  it('confirms a malformed TMC frame without storing anything, and keeps receiving', async () => {
    const before = await rowCounts();
    const badId = emulator.pushMalformedTmcFrame({ storeId: DEMO_STORE_IDS.taobaoTea, kind: 'bad-content' });
    await emulator.waitForTmcConfirm(badId, 10_000);
    expect(await rowCounts()).toEqual(before);

    const text = 'still there? 还在吗';
    const result = await emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text });
    for (const id of result.tmcMessageIds) await emulator.waitForTmcConfirm(id, 10_000);
    const stored = await server.database.query<{ n: number }>('select count(*)::int as n from messages where body = $1', [text]);
    expect(stored[0]?.n).toBe(1);
  });
});
