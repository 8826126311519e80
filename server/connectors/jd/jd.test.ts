import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator';
import { josSignature } from '../../../emulator/jd/jos';
import { DEMO_STORE_IDS, demoStores } from '../../demo/demo-topology';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { captureLog, until } from '../testSupport';
import { connectorFor, connectors } from '../index';
import type { ConnectorStore, MessageServiceSink, ReplyTarget } from '../types';
import { jdOrderSchema, mapJdOrder } from './mapping';
import { subscribeJdPolling } from './poller';
import { josSign } from './sign';

/**
 * JD contract: the emulator plays the JOS gateway (signed calls, jingdong.pop.order.enSearch
 * over the store's orders); the real server polls it for the demo JD store and stores into
 * the real database.
 */
const STORE = DEMO_STORE_IDS.jdAppliances;
const VENDER = '10086';

const order = (overrides: Record<string, unknown> = {}) =>
  jdOrderSchema.parse({
    orderId: 312345678901,
    venderId: VENDER,
    orderState: 'WAIT_SELLER_STOCK_OUT',
    orderTotalPrice: '399.00',
    orderPayment: '379.00',
    orderStartTime: '2024-05-01 11:00:00',
    modified: '2024-05-01 12:00:00',
    open_id_buyer: 'jd_abcdef123456',
    itemInfoList: [{ skuId: 100012345678, skuName: '小厨 多功能料理锅', itemTotal: '1', jdPrice: '399.00' }],
    ...overrides,
  });

describe('JOS signing and order mapping', () => {
  it('signs as upper-case md5(secret + sorted name+value + secret), as the emulator checks it', () => {
    const params = { method: 'jingdong.pop.order.enSearch', app_key: 'k', timestamp: '2024-05-01 12:00:00', v: '2.0', '360buy_param_json': '{"page":"1"}', sign: 'X' };
    const expected = createHash('md5').update('s360buy_param_json{"page":"1"}app_keykmethodjingdong.pop.order.enSearchtimestamp2024-05-01 12:00:00v2.0s').digest('hex').toUpperCase();
    expect(josSign(params, 's')).toBe(expected);
    expect(josSignature(params, 's')).toBe(expected);
  });

  it('maps order states with the paid amount, the buyer’s encrypted id and a key per change', () => {
    const mapped = mapJdOrder(order(), VENDER);
    expect(mapped).toMatchObject({
      kind: 'event',
      event: {
        dedupeKey: 'jd:order:312345678901:2024-05-01 12:00:00:WAIT_SELLER_STOCK_OUT',
        customer: { platformUserId: 'jd_abcdef123456' },
        order: { platformOrderId: '312345678901', status: 'paid', totalAmount: '379.00', updatedAt: '2024-05-01T12:00:00+08:00', items: [{ sku: '100012345678', quantity: 1 }] },
      },
    });
    const states = ['WAIT_GOODS_RECEIVE_CONFIRM', 'FINISHED_L', 'TRADE_CANCELED', 'LOCKED'].map((orderState) => {
      const m = mapJdOrder(order({ orderState }), VENDER);
      return m.kind === 'event' && m.event.type === 'order.upserted' ? m.event.order.status : null;
    });
    expect(states).toEqual(['shipped', 'completed', 'cancelled', 'refund_requested']);
  });

  it('reads the carrier id and the first waybill; none when either is missing; unknown ids kept', () => {
    const logistics = (extra: object) => {
      const m = mapJdOrder(order({ orderState: 'WAIT_GOODS_RECEIVE_CONFIRM', ...extra }), VENDER);
      return m.kind === 'event' && m.event.type === 'order.upserted' ? m.event.order.logistics : undefined;
    };
    expect(logistics({ logisticsId: '2087', waybill: 'JDVA001,JDVA002' })).toEqual({ company: 'JD', trackingNumber: 'JDVA001' });
    expect(logistics({ logisticsId: 599866, waybill: 'KY1' })).toEqual({ company: '599866', trackingNumber: 'KY1' });
    expect(logistics({ logisticsId: '2087' })).toBeNull();
    expect(logistics({ waybill: 'JDVA001' })).toBeNull();
  });

  it('ignores other venders and unused states, and reports orders without a buyer or with bad times', () => {
    expect(mapJdOrder(order({ venderId: '1' }), VENDER)).toMatchObject({ kind: 'ignored', ignored: { reason: 'order of vender 1' } });
    expect(mapJdOrder(order({ orderState: 'POP_ORDER_PAUSE' }), VENDER)).toMatchObject({ kind: 'ignored', ignored: { platformType: 'POP_ORDER_PAUSE' } });
    expect(mapJdOrder(order({ open_id_buyer: undefined }), VENDER)).toEqual({ kind: 'error', error: expect.stringContaining('open_id_buyer') });
    expect(mapJdOrder(order({ modified: 'yesterday' }), VENDER)).toEqual({ kind: 'error', error: expect.stringContaining('yyyy-MM-dd') });
  });
});

describe('JD orders polled into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 41 });
    for (const store of demoStores(emulator.url)) emulator.addStore(store);
    server = await startTestServer({ connectors, demo: { emulatorUrl: emulator.url } });
    emulator.setHuixinUrl(server.url);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await emulator?.close();
  });

  const orderStatus = async (orderId: string | null): Promise<string | null> => {
    const rows = await server.database.query<{ status: string }>('select status from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]);
    return rows[0]?.status ?? null;
  };
  const logisticsOf = async (orderId: string | null) =>
    (await server.database.query<{ logistics: unknown }>('select logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]))[0]?.logistics ?? null;
  const eventually = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const deliveriesOf = async (orderId: string | null): Promise<number> => {
    const rows = await server.database.query<{ n: number }>("select count(*)::int as n from inbound_deliveries where store_id = $1 and dedupe_key like $2", [STORE, `jd:order:${orderId}:%`]);
    return rows[0]?.n ?? -1;
  };

  it('picks up a paid order, its shipment and its after-sale lock, each change stored once however often it is re-read', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, quantity: 2 });
    await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    await eventually(async () => (await orderStatus(placed.orderId)) === 'paid', 'the paid order');
    await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'ship', carrier: 'JD' });
    await eventually(async () => (await orderStatus(placed.orderId)) === 'shipped', 'the shipment');
    expect(await logisticsOf(placed.orderId)).toEqual({ company: 'JD', trackingNumber: expect.stringMatching(/^JDVA\d{12}$/) });
    await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'refund' });
    await eventually(async () => (await orderStatus(placed.orderId)) === 'refund_requested', 'the after-sale lock');
    expect(await logisticsOf(placed.orderId)).toMatchObject({ company: 'JD' });
    expect(await deliveriesOf(placed.orderId)).toBe(3);
    // Every window overlaps the last two: the same order is read again in the next rounds.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await deliveriesOf(placed.orderId)).toBe(3);
  }, 60_000);

  it('asks again after a JOS outage or refusal, and the order arrives in a later round', async () => {
    emulator.setFault({ platform: 'jd', mode: 'unavailable', count: 1 });
    const first = await emulator.placeOrder({ storeId: STORE });
    await emulator.advanceOrder({ storeId: STORE, orderId: first.orderId ?? '', step: 'pay' });
    await eventually(async () => (await orderStatus(first.orderId)) === 'paid', 'the order after an outage');

    emulator.setFault({ platform: 'jd', mode: 'refuse', count: 1 });
    const second = await emulator.placeOrder({ storeId: STORE });
    await emulator.advanceOrder({ storeId: STORE, orderId: second.orderId ?? '', step: 'pay' });
    await eventually(async () => (await orderStatus(second.orderId)) === 'paid', 'the order after a refusal');
  }, 60_000);

  it('saves where it read up to in the database, so a restart resumes there', async () => {
    await eventually(async () => {
      const rows = await server.database.query<{ value: string }>("select value from poll_cursors where store_id = $1 and source = 'orders'", [STORE]);
      const saved = rows[0] ? Date.parse(rows[0].value) : Number.NaN;
      return Math.abs(Date.now() - saved) < 60_000;
    }, 'the saved order cursor');
  });

  it('after a long outage, reads the whole gap from the saved cursor in windows one after another', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    await emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    const downSince = new Date(Date.now() - 10 * 60_000).toISOString();
    const fiveHoursLater = () => new Date(Date.now() + 5 * 3_600_000);
    const store: ConnectorStore = { id: STORE, platform: 'jd', name: '小厨电器', currency: 'CNY', credentials: emulator.credentialsFor(STORE) };
    const pollWith = async (saved: Map<string, string>) => {
      const seen = new Set<string>();
      const sink: MessageServiceSink = {
        deliver: async ({ events }) => {
          for (const event of events) if (event.type === 'order.upserted') seen.add(event.order.platformOrderId);
        },
        reject: () => undefined,
        cursors: { load: async (source) => saved.get(source) ?? null, save: async (source, value) => void saved.set(source, value) },
      };
      const subscription = subscribeJdPolling(store as ConnectorStore<never>, sink, captureLog(), { lookbackMs: 1_000, now: fiveHoursLater });
      try {
        // Caught up = the saved end reached "now" (five hours on): six one-hour windows, back to back.
        await until(() => Date.parse(saved.get('orders') ?? '') > Date.now() + 4.9 * 3_600_000, 30_000, 'the cursor caught up');
      } finally {
        await subscription.close();
      }
      return seen;
    };
    expect((await pollWith(new Map([['orders', downSince]]))).has(placed.orderId ?? '')).toBe(true);
    // Without the saved cursor, the first window looks back only `lookbackMs` and misses it.
    expect((await pollWith(new Map())).has(placed.orderId ?? '')).toBe(false);
  }, 60_000);

  it('is refused by JOS with a wrong secret, logs why, delivers nothing, and stops on close()', async () => {
    const log = captureLog();
    let delivered = 0;
    const sink: MessageServiceSink = { deliver: async () => void (delivered += 1), reject: () => undefined };
    const forged: ConnectorStore = { id: 'forged', platform: 'jd', name: 'x', currency: 'CNY', credentials: { ...emulator.credentialsFor(STORE), appSecret: 'wrong' } };
    const subscription = subscribeJdPolling(forged as ConnectorStore<never>, sink, log);
    try {
      await until(() => log.lines.some((l) => l.level === 'error' && String(l.details?.reason).includes('code 14')), 20_000, 'the refusal logged');
      expect(delivered).toBe(0);
    } finally {
      await subscription.close();
    }
  });

  it('has no buyer chat: a reply is refused for good with the reason', async () => {
    const connector = connectorFor('jd')!;
    expect(connector.capabilities).toMatchObject({ chatIn: false, chatOut: false, orderEvents: true, refundEvents: true });
    const store: ConnectorStore = { id: STORE, platform: 'jd', name: '小厨电器', currency: 'CNY', credentials: emulator.credentialsFor(STORE) };
    const target: ReplyTarget = {
      messageId: 'jd-1',
      body: '已安排发货',
      conversationKind: 'order',
      customerPlatformUserId: 'jd_abc',
      customerNickname: '京东用户 _abc',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: '312345678901',
    };
    expect(await connector.sendReply(store, target, AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('no public API') });
  });
});
