import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PLATFORM, signTestBody } from '../testing/test-connector';
import { chatEvent, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let store: Awaited<ReturnType<TestServer['addStore']>>;

beforeAll(async () => {
  server = await startTestServer();
  store = await server.addStore('Webhook store');
});
afterAll(() => server.stop());

const count = async (table: string) =>
  (await server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;
const webhookUrl = (storeId = store.id, platform: string = TEST_PLATFORM) => `${server.url}/webhooks/${platform}/${storeId}`;

describe('GET /healthz', () => {
  it('answers JSON with the database kind and version', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: server.testDatabase.kind, version: '0.1.0' });
  });
});

describe('POST /webhooks/:platform/:storeId', () => {
  it('stores a signed delivery and answers with the counts', async () => {
    const response = await server.deliver(store, [chatEvent({ body: 'first' })]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, stored: 1, duplicates: 0 });
  });

  it('stores a redelivered event once', async () => {
    const event = chatEvent({ dedupeKey: 'webhook-77', body: 'only once' });
    const before = await count('messages');
    const first = await server.deliver(store, [event]);
    const again = await server.deliver(store, [event]);
    expect(await first.json()).toEqual({ ok: true, stored: 1, duplicates: 0 });
    expect(await again.json()).toEqual({ ok: true, stored: 0, duplicates: 1 });
    expect(await count('messages')).toBe(before + 1);
    const rows = await server.database.query("SELECT id FROM messages WHERE body = 'only once'");
    expect(rows).toHaveLength(1);
  });

  it('answers 401 to a forged signature and stores nothing', async () => {
    const before = await Promise.all([count('messages'), count('inbound_deliveries'), count('changes')]);
    const body = JSON.stringify({ events: [chatEvent({ body: 'forged' })] });
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody('wrong secret', body) },
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Invalid webhook signature' });
    expect(await Promise.all([count('messages'), count('inbound_deliveries'), count('changes')])).toEqual(before);
  });

  it('answers 400 with a clear message to a malformed body and stores nothing', async () => {
    const before = await count('inbound_deliveries');
    const body = '{"events": [ {"type": "message.received"';
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'The body is not valid JSON' });
    expect(await count('inbound_deliveries')).toBe(before);
  });

  it('stores nothing of a delivery when one of its events is invalid', async () => {
    const before = await count('inbound_deliveries');
    const good = chatEvent();
    const bad = { ...chatEvent(), sentAt: 'yesterday' };
    const body = JSON.stringify({ events: [good, bad] });
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) },
      body,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('sentAt');
    expect(await count('inbound_deliveries')).toBe(before);
  });

  it('answers 413 with a JSON error to a 5 MB body', async () => {
    const before = await count('inbound_deliveries');
    const body = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toHaveProperty('error');
    expect(await count('inbound_deliveries')).toBe(before);
  });

  it('answers 404 for an unknown store, a platform mismatch and an unknown platform', async () => {
    const body = JSON.stringify({ events: [] });
    const post = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) }, body });
    const unknownStore = await post(webhookUrl('no-such-store'));
    expect(unknownStore.status).toBe(404);
    expect(await unknownStore.json()).toHaveProperty('error');
    expect((await post(webhookUrl(store.id, 'shopify'))).status).toBe(404);
    expect((await post(webhookUrl(store.id, 'myspace'))).status).toBe(404);
  });

  it('takes the raw body whatever the content type says', async () => {
    const body = JSON.stringify({ events: [chatEvent({ body: 'sent as text/plain' })] });
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-test-signature': signTestBody(store.secret, body) },
      body,
    });
    expect(response.status).toBe(200);
  });

  it('records ignored events once and stores nothing for them', async () => {
    const body = JSON.stringify({ events: [], ignored: [{ dedupeKey: 'ign-1', platformType: 'products/update', reason: 'not used' }] });
    const send = () =>
      fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) }, body });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const rows = await server.database.query("SELECT platform_type FROM ignored_events WHERE dedupe_key = 'ign-1'");
    expect(rows).toEqual([{ platform_type: 'products/update' }]);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${server.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toHaveProperty('error');
  });
});
