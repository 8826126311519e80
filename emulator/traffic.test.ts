import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'lossless-json';
import { SHOPIFY_PRODUCTS, TAOBAO_PRODUCTS } from './catalog';
import { createRng } from './rng';
import { shopifyDeliveriesFor } from './shopify/payloads';
import { buildShopifyWebhook } from './shopify/webhookSender';
import { tmcMessagesFor } from './taobao/messages';
import { TrafficGenerator, formatCents, toCents } from './traffic';
import type { Scenario } from './traffic';

const STORES = [
  { id: 'tb', platform: 'taobao' as const },
  { id: 'sh', platform: 'shopify' as const },
];

function run(seed: number, count: number): Scenario[] {
  const generator = new TrafficGenerator(seed);
  return Array.from({ length: count }, () => structuredClone(generator.next(STORES)));
}

describe('seeded traffic', () => {
  it('is reproducible from the seed and differs between seeds', () => {
    expect(run(11, 200)).toEqual(run(11, 200));
    expect(run(11, 50)).not.toEqual(run(12, 50));
    expect(createRng(5).digits(19)).toBe(createRng(5).digits(19));
  });

  it('produces every kind of event with plausible content', () => {
    const scenarios = run(3, 400);
    const kinds = new Set(scenarios.map((s) => (s.kind === 'order-step' ? `${s.platform}:${s.step}` : `${s.platform}:${s.kind}`)));
    for (const kind of ['taobao:buyer-message', 'taobao:create', 'taobao:pay', 'taobao:ship', 'taobao:complete', 'taobao:refund', 'taobao:review', 'shopify:create', 'shopify:pay', 'shopify:ship', 'shopify:refund']) {
      expect(kinds).toContain(kind);
    }
    const messages = scenarios.filter((s) => s.kind === 'buyer-message');
    expect(messages.every((s) => /[\u4e00-\u9fff]/.test(s.text))).toBe(true);
    expect(messages.some((s) => s.buyer.nick === '小鹿乱撞' || /^tb_\d{6}$/.test(s.buyer.nick))).toBe(true);
    const notes = scenarios.flatMap((s) => (s.kind === 'order-step' && s.platform === 'shopify' && s.step === 'create' && s.order.note ? [s.order.note] : []));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((note) => /^[\x20-\x7e’]+$/.test(note))).toBe(true);
  });

  it('prices orders from the catalogue in the platform currency, with ids beyond 2^53', () => {
    for (const scenario of run(9, 300)) {
      if (scenario.kind !== 'order-step' || scenario.step !== 'create') continue;
      const { order } = scenario;
      const catalog = order.platform === 'taobao' ? TAOBAO_PRODUCTS : SHOPIFY_PRODUCTS;
      expect(order.currency).toBe(order.platform === 'taobao' ? 'CNY' : 'USD');
      expect(order.lines.every((line) => catalog.some((p) => p.sku === line.product.sku && p.price === line.product.price))).toBe(true);
      expect(toCents(order.total)).toBe(order.lines.reduce((sum, line) => sum + toCents(line.product.price) * line.quantity, 0));
      expect(BigInt(order.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    }
    expect(formatCents(8990)).toBe('89.90');
  });

  it('only moves orders along the lifecycle', () => {
    const generator = new TrafficGenerator(1);
    const created = generator.createOrder('tb', 'taobao');
    if (created.kind !== 'order-step') throw new Error('expected an order');
    expect(() => generator.advance('tb', created.order.id, 'ship')).toThrow(/cannot ship an order that is created/);
    generator.advance('tb', created.order.id, 'pay');
    expect(() => generator.advance('tb', created.order.id, 'cancel')).toThrow(/cannot cancel/);
    expect(() => generator.review('tb', 'nope')).toThrow(/no order/);
  });
});

describe('native formats', () => {
  it('writes Taobao tids as JSON numbers, digit-exact, in the TMC content string', () => {
    const generator = new TrafficGenerator(4);
    const scenario = generator.createOrder('tb', 'taobao');
    if (scenario.kind !== 'order-step') throw new Error('expected an order');
    let serial = 100n;
    const [message] = tmcMessagesFor(scenario, '汇信茶旅小店', new Date('2024-05-01T04:00:00Z'), () => String(++serial));
    expect(message?.topic).toBe('taobao_trade_TradeCreate');
    expect(message?.content).toContain(`"tid":${scenario.order.id}`);
    const content = parse(message?.content ?? '', null, (digits) => digits) as Record<string, unknown>;
    expect(content).toMatchObject({ tid: scenario.order.id, payment: scenario.order.total, status: 'WAIT_BUYER_PAY', seller_nick: '汇信茶旅小店' });
  });

  it('renders Shopify orders in Shopify’s shape and signs the exact body', () => {
    const generator = new TrafficGenerator(4);
    const scenario = generator.createOrder('sh', 'shopify', { note: 'Does this tent fit 4 people?' });
    if (scenario.kind !== 'order-step') throw new Error('expected an order');
    const [delivery] = shopifyDeliveriesFor(scenario, 'demo.myshopify.com', new Date('2024-05-01T14:00:00Z'));
    expect(delivery?.topic).toBe('orders/create');
    const body = delivery?.body ?? '';
    expect(body).toContain(`"id":${scenario.order.id},`);
    const order = parse(body, null, (digits) => digits) as Record<string, unknown>;
    expect(order).toMatchObject({
      admin_graphql_api_id: `gid://shopify/Order/${scenario.order.id}`,
      name: `#${scenario.order.number}`,
      currency: 'USD',
      financial_status: 'pending',
      note: 'Does this tent fit 4 people?',
      created_at: '2024-05-01T10:00:00-04:00',
    });
    const store = { id: 'sh', platform: 'shopify' as const, credentials: { shopDomain: 'demo.myshopify.com', webhookSecret: 's3cret', mailRelayToken: 't' } };
    const webhook = buildShopifyWebhook(store, 'orders/create', body);
    expect(webhook.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', 's3cret').update(body).digest('base64'));
    expect(Object.keys(webhook.headers)).toEqual(
      expect.arrayContaining(['x-shopify-topic', 'x-shopify-shop-domain', 'x-shopify-webhook-id', 'x-shopify-event-id', 'x-shopify-triggered-at', 'x-shopify-api-version']),
    );
  });

  it('announces a Shopify refund as refunds/create plus orders/updated', () => {
    const generator = new TrafficGenerator(8);
    const created = generator.createOrder('sh', 'shopify');
    if (created.kind !== 'order-step') throw new Error('expected an order');
    generator.advance('sh', created.order.id, 'pay');
    const refund = generator.advance('sh', created.order.id, 'refund');
    const deliveries = shopifyDeliveriesFor(refund, 'demo.myshopify.com', new Date());
    expect(deliveries.map((d) => d.topic)).toEqual(['refunds/create', 'orders/updated']);
    expect(deliveries[0]?.body).toContain(`"order_id":${created.order.id}`);
    expect(deliveries[1]?.body).toContain('"financial_status":"refunded"');
  });
});
