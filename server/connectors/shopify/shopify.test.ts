import { shopifyWebhook } from './webhook';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEventSchema } from '../../../shared';
import { startEmulator } from '../../../emulator';
import type { Emulator } from '../../../emulator';
import type { ConnectorStore, ReplyTarget, WebhookRequest } from '../types';
import { connectorFor } from '../index';
import { shopifyConnector } from './index';
import type { ShopifyCredentials } from './credentials';
import { shopifyHmac } from './signature';

const SECRET = 'shpss_test_secret';
const credentials: ShopifyCredentials = {
  shopDomain: 'tea-and-trail.myshopify.com',
  webhookSecret: SECRET,
  mailRelayUrl: 'http://127.0.0.1:1/unused',
  mailRelayToken: 'relay-token',
};
const store: ConnectorStore<ShopifyCredentials> = { id: 'store-shopify', platform: 'shopify', name: 'Tea & Trail', currency: 'USD', credentials };

/** Shaped after Shopify's orders/create example payload; the id is beyond 2^53. */
const ORDER_JSON = `{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","email":"jon@example.com",
"created_at":"2024-05-01T10:15:30-04:00","updated_at":"2024-05-01T10:15:31-04:00","name":"#9999","currency":"USD",
"total_price":"403.00","financial_status":"paid","fulfillment_status":null,"cancelled_at":null,"cancel_reason":null,
"closed_at":null,"note":"Does this tent fit 4 people?","customer_locale":"en",
"customer":{"id":115310627314723954,"email":"john@example.com","first_name":"John","last_name":"Smith"},
"line_items":[{"id":866550311766439020,"title":"Summit 4-Person Dome Tent","variant_title":"Green","sku":"OUT-DOME-4","quantity":2,"price":"189.00"},
{"id":141249953214522974,"title":"Trekking Poles","variant_title":null,"sku":"","quantity":1,"price":"25.00"}]}`;

function request(topic: string, body: string, extra: Record<string, string | undefined> = {}): WebhookRequest {
  const rawBody = Buffer.from(body, 'utf8');
  return {
    rawBody,
    headers: {
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': shopifyHmac(SECRET, rawBody),
      'x-shopify-shop-domain': credentials.shopDomain,
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'x-shopify-event-id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
      'x-shopify-triggered-at': '2024-05-01T14:15:31.123456789Z',
      'x-shopify-api-version': '2025-07',
      ...extra,
    },
  };
}

// The Shopify handler itself: its parse is synchronous (the Connector interface allows async parsers).
const webhook = shopifyWebhook;

describe('Shopify webhook verification', () => {
  it('accepts the HMAC of the raw body and rejects forged, tampered or missing signatures', () => {
    const valid = request('orders/create', ORDER_JSON);
    expect(webhook.verify(store, valid)).toBe(true);
    expect(webhook.verify(store, { ...valid, headers: { ...valid.headers, 'x-shopify-hmac-sha256': shopifyHmac('wrong-secret', valid.rawBody) } })).toBe(false);
    expect(webhook.verify(store, { ...valid, rawBody: Buffer.from(ORDER_JSON.replace('403.00', '1.00')) })).toBe(false);
    expect(webhook.verify(store, { ...valid, headers: { ...valid.headers, 'x-shopify-hmac-sha256': undefined } })).toBe(false);
    expect(webhook.verify(store, { ...valid, headers: { ...valid.headers, 'x-shopify-hmac-sha256': 'c2hvcnQ=' } })).toBe(false);
    expect(webhook.verify({ ...store, credentials: { nonsense: true } as unknown as ShopifyCredentials }, valid)).toBe(false);
  });

  it('signs the bytes received, so re-serialised JSON does not verify', () => {
    const valid = request('orders/create', ORDER_JSON);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(ORDER_JSON)));
    expect(webhook.verify(store, { ...valid, rawBody: reserialised })).toBe(false);
  });
});

describe('Shopify webhook parsing', () => {
  it('maps orders/create to an order event with digit-exact ids, plus the buyer note as a message', () => {
    const result = webhook.parse(store, request('orders/create', ORDER_JSON));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const event of result.events) expect(inboundEventSchema.safeParse(event).success).toBe(true);
    const [order, note] = result.events;
    expect(order).toMatchObject({
      type: 'order.upserted',
      dedupeKey: 'shopify:orders/create:98880550-7158-44d4-b7cd-2c97c8a091b5',
      customer: { platformUserId: '115310627314723954', nickname: 'John Smith', email: 'john@example.com', locale: 'en' },
      order: {
        platformOrderId: '820982911946154508',
        status: 'paid',
        currency: 'USD',
        totalAmount: '403.00',
        items: [
          { title: 'Summit 4-Person Dome Tent (Green)', sku: 'OUT-DOME-4', quantity: 2, unitPrice: '189.00' },
          { title: 'Trekking Poles', sku: null, quantity: 1, unitPrice: '25.00' },
        ],
      },
      note: 'Order #9999 placed: USD 403.00 (3 items)',
      occurredAt: '2024-05-01T14:15:31.123456789Z',
    });
    expect(note).toMatchObject({
      type: 'message.received',
      kind: 'order',
      platformThreadId: '820982911946154508',
      body: 'Does this tent fit 4 people?',
      dedupeKey: 'shopify:order-note:820982911946154508',
    });
  });

  it('maps each order topic to its status and note', () => {
    const cases: Array<[string, string, string]> = [
      ['orders/paid', 'paid', 'Order #9999 paid: USD 403.00'],
      ['orders/fulfilled', 'shipped', 'Order #9999 fulfilled and shipped'],
      ['orders/cancelled', 'cancelled', 'Order #9999 cancelled'],
    ];
    for (const [topic, status, note] of cases) {
      const result = webhook.parse(store, request(topic, ORDER_JSON));
      expect(result.ok && result.events[0]?.type === 'order.upserted' && [result.events[0].order.status, result.events[0].note]).toEqual([status, note]);
      expect(result.ok && result.events).toHaveLength(1);
    }
    const refunded = webhook.parse(store, request('orders/updated', ORDER_JSON.replace('"financial_status":"paid"', '"financial_status":"refunded"')));
    expect(refunded.ok && refunded.events[0]?.type === 'order.upserted' && refunded.events[0].order.status).toBe('refunded');
  });

  it('takes the carrier and tracking number from the latest fulfillment that has both', () => {
    const shipped = ORDER_JSON.replace(
      '"line_items":',
      '"fulfillments":[{"id":1,"status":"cancelled","tracking_company":"USPS","tracking_number":"9400100000000000000000"},' +
        '{"id":2,"status":"success","tracking_company":"UPS","tracking_number":null,"tracking_numbers":["1Z999AA10123456784"]}],"line_items":',
    );
    const result = webhook.parse(store, request('orders/fulfilled', shipped));
    expect(result.ok && result.events[0]?.type === 'order.upserted' && result.events[0].order.logistics).toEqual({
      company: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    // Before shipping there is no carrier, and nothing is invented.
    const paid = webhook.parse(store, request('orders/paid', ORDER_JSON));
    expect(paid.ok && paid.events[0]?.type === 'order.upserted' && paid.events[0].order.logistics).toBeNull();
  });

  it('ignores topics Huixin does not use, refunds/create and plain order updates, without error', () => {
    for (const topic of ['customers/create', 'inventory_levels/update', 'refunds/create', 'orders/updated']) {
      const result = webhook.parse(store, request(topic, ORDER_JSON));
      expect(result).toMatchObject({ ok: true, events: [], ignored: [{ platformType: topic }] });
    }
  });

  it('falls back to the webhook id for the dedupe key and requires one of the two', () => {
    const withoutEvent = webhook.parse(store, request('orders/paid', ORDER_JSON, { 'x-shopify-event-id': undefined }));
    expect(withoutEvent.ok && withoutEvent.events[0]?.dedupeKey).toBe('shopify:orders/paid:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    const neither = webhook.parse(store, request('orders/paid', ORDER_JSON, { 'x-shopify-event-id': undefined, 'x-shopify-webhook-id': undefined }));
    expect(neither).toEqual({ ok: false, error: expect.stringContaining('X-Shopify-Event-Id') });
  });

  it('answers malformed JSON, wrong shapes, a foreign shop and missing headers with a clear error', () => {
    expect(webhook.parse(store, request('orders/create', '{"id": 1,'))).toEqual({ ok: false, error: expect.stringContaining('malformed JSON') });
    expect(webhook.parse(store, request('orders/create', '[1,2]'))).toEqual({ ok: false, error: 'Shopify payload must be a JSON object' });
    const noItems = webhook.parse(store, request('orders/create', ORDER_JSON.replace('"line_items"', '"items"')));
    expect(noItems).toEqual({ ok: false, error: expect.stringContaining('line_items') });
    const badPrice = webhook.parse(store, request('orders/paid', ORDER_JSON.replace('"403.00"', '"four hundred"')));
    expect(badPrice).toEqual({ ok: false, error: expect.stringContaining('total_price') });
    const foreign = webhook.parse(store, request('orders/paid', ORDER_JSON, { 'x-shopify-shop-domain': 'other.myshopify.com' }));
    expect(foreign).toEqual({ ok: false, error: expect.stringContaining('other.myshopify.com') });
    expect(webhook.parse(store, request('orders/paid', ORDER_JSON, { 'x-shopify-topic': undefined }))).toEqual({
      ok: false,
      error: expect.stringContaining('x-shopify-topic'),
    });
  });

  it('is registered for the shopify platform', () => {
    expect(connectorFor('shopify')?.platform).toBe('shopify');
    expect(connectorFor('shopify')?.capabilities).toMatchObject({ chatIn: false, chatOut: true, orderEvents: true });
  });
});

describe('Shopify against the emulator', () => {
  let emulator: Emulator;
  let huixin: ReturnType<typeof createServer>;
  const received: Array<{ status: number; events: number; platformOrderIds: string[] }> = [];
  const emulatedStore = () => ({ ...store, credentials: emulator.credentialsFor('shop-1') as ShopifyCredentials });

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 42,
      shopifyDeliveryAttempts: 1,
      stores: [{ id: 'shop-1', platform: 'shopify', credentials: { shopDomain: 'tea-and-trail.myshopify.com', webhookSecret: SECRET, mailRelayToken: 'relay-token' } }],
    });
    // A stand-in for the server's webhook route: verify → 401, parse → 400, else 200.
    huixin = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
        const incoming = { headers, rawBody: Buffer.concat(chunks) };
        if (!webhook.verify(emulatedStore(), incoming)) return void res.writeHead(401).end();
        const parsed = webhook.parse(emulatedStore(), incoming);
        if (!parsed.ok) return void res.writeHead(400).end(parsed.error);
        received.push({
          status: 200,
          events: parsed.events.length,
          platformOrderIds: parsed.events.flatMap((e) => (e.type === 'order.upserted' ? [e.order.platformOrderId] : [])),
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => huixin.listen(0, '127.0.0.1', resolve));
    emulator.setHuixinUrl(`http://127.0.0.1:${(huixin.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await emulator.close();
    await new Promise<void>((resolve) => huixin.close(() => resolve()));
  });

  it('accepts the emulator’s signed deliveries with exact order ids and refuses its forged one', async () => {
    const placed = await emulator.placeOrder({ storeId: 'shop-1', note: 'Please gift wrap this' });
    expect(placed.shopifyDeliveries.map((d) => [d.topic, d.status])).toEqual([['orders/create', 200]]);
    expect(BigInt(placed.orderId ?? '0') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(received.at(-1)).toEqual({ status: 200, events: 2, platformOrderIds: [placed.orderId] });

    const refunded = await emulator.advanceOrder({ storeId: 'shop-1', orderId: placed.orderId!, step: 'pay' }).then(() =>
      emulator.advanceOrder({ storeId: 'shop-1', orderId: placed.orderId!, step: 'refund' }),
    );
    expect(refunded.shopifyDeliveries.map((d) => [d.topic, d.status])).toEqual([['refunds/create', 200], ['orders/updated', 200]]);

    const forged = await emulator.sendForgedShopifyWebhook({ storeId: 'shop-1' });
    expect(forged.status).toBe(401);
  });

  const target = (overrides: Partial<ReplyTarget> = {}): ReplyTarget => ({
    messageId: 'msg-01HX',
    body: 'Yes, it sleeps four comfortably.',
    conversationKind: 'order',
    customerPlatformUserId: '115310627314723954',
    customerNickname: 'John Smith',
    customerEmail: 'john@example.com',
    platformThreadId: '820982911946154508',
    platformOrderId: '820982911946154508',
    ...overrides,
  });

  it('sends a reply as e-mail through the mail relay, once per message id', async () => {
    const result = await shopifyConnector.sendReply(emulatedStore(), target(), AbortSignal.timeout(5000));
    expect(result).toEqual({ ok: true, platformMessageId: 'mail-msg-01HX' });
    await shopifyConnector.sendReply(emulatedStore(), target(), AbortSignal.timeout(5000));
    const replies = emulator.replies('shopify');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      attempts: 2,
      fields: { to: 'john@example.com', subject: 'Re: your Tea & Trail order 820982911946154508', text: 'Yes, it sleeps four comfortably.', idempotencyKey: 'msg-01HX' },
    });
  });

  it('classifies relay refusals as permanent and outages and timeouts as transient', async () => {
    emulator.setFault({ platform: 'shopify', mode: 'refuse', count: 1 });
    const refused = await shopifyConnector.sendReply(emulatedStore(), target({ messageId: 'm2' }), AbortSignal.timeout(5000));
    expect(refused).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('mailbox unavailable') });

    emulator.setFault({ platform: 'shopify', mode: 'unavailable', count: 1 });
    const unavailable = await shopifyConnector.sendReply(emulatedStore(), target({ messageId: 'm3' }), AbortSignal.timeout(5000));
    expect(unavailable).toMatchObject({ ok: false, permanent: false });

    emulator.setFault({ platform: 'shopify', mode: 'timeout', count: 1 });
    const timedOut = await shopifyConnector.sendReply(emulatedStore(), target({ messageId: 'm4' }), AbortSignal.timeout(300));
    expect(timedOut).toEqual({ ok: false, permanent: false, reason: expect.stringContaining('did not answer in time') });

    const wrongToken = await shopifyConnector.sendReply(
      { ...emulatedStore(), credentials: { ...emulatedStore().credentials, mailRelayToken: 'nope' } },
      target({ messageId: 'm5' }),
      AbortSignal.timeout(5000),
    );
    expect(wrongToken).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('invalid relay token') });

    const noEmail = await shopifyConnector.sendReply(emulatedStore(), target({ customerEmail: null }), AbortSignal.timeout(5000));
    expect(noEmail).toMatchObject({ ok: false, permanent: true });

    const { mailRelayUrl: _url, mailRelayToken: _token, ...withoutRelay } = emulatedStore().credentials;
    const noRelay = await shopifyConnector.sendReply({ ...emulatedStore(), credentials: withoutRelay }, target({ messageId: 'm6' }), AbortSignal.timeout(5000));
    expect(noRelay).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('no mail relay configured') });
    expect(emulator.replies('shopify').map((r) => r.idempotencyKey)).toEqual(['msg-01HX']);
  });

  it('treats an unreachable relay as transient', async () => {
    const result = await shopifyConnector.sendReply(
      { ...emulatedStore(), credentials: { ...emulatedStore().credentials, mailRelayUrl: 'http://127.0.0.1:1/relay' } },
      target(),
      AbortSignal.timeout(5000),
    );
    expect(result).toEqual({ ok: false, permanent: false, reason: expect.stringContaining('unreachable') });
  });
});
