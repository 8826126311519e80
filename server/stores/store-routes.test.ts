import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminStoreListSchema, adminStoreSchema, fieldErrorsResponseSchema, platformFormListSchema } from '../../shared';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let ownerToken: string;
let agentToken: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.addUser('store-owner', 'owner');
  await server.addUser('store-agent', 'agent');
  ownerToken = (await server.login('store-owner')).token;
  agentToken = (await server.login('store-agent')).token;
});
afterAll(() => server.stop());

const call = (method: string, path: string, token: string | null, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('store administration', () => {
  it('is for owners only', async () => {
    expect((await call('GET', '/api/stores', null)).status).toBe(401);
    expect((await call('GET', '/api/stores', agentToken)).status).toBe(403);
    expect((await call('POST', '/api/stores', agentToken, { platform: 'woocommerce', name: 'x', currency: 'USD', credentials: {} })).status).toBe(403);
  });

  it('adds a store, validating credentials with the connector schema, and never sends them back', async () => {
    const missing = await call('POST', '/api/stores', ownerToken, { platform: 'woocommerce', name: 'Woo shop', currency: 'USD', credentials: {} });
    expect(missing.status).toBe(400);
    const errors = fieldErrorsResponseSchema.parse(await missing.json());
    expect(Object.keys(errors.fieldErrors)).toEqual(['credentials.secret']);

    const badName = await call('POST', '/api/stores', ownerToken, { platform: 'woocommerce', name: '  ', currency: 'XXX', credentials: {} });
    expect(Object.keys(fieldErrorsResponseSchema.parse(await badName.json()).fieldErrors).sort()).toEqual(['currency', 'name']);
    expect(await server.database.query("SELECT 1 FROM stores WHERE name = 'Woo shop'")).toHaveLength(0);

    const created = await call('POST', '/api/stores', ownerToken, {
      platform: 'woocommerce', name: 'Woo shop', currency: 'EUR', credentials: { secret: 'top-secret-value' },
    });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain('top-secret-value');
    const store = adminStoreSchema.parse(JSON.parse(text));
    expect(store).toMatchObject({ platform: 'woocommerce', name: 'Woo shop', currency: 'EUR', credentialFields: ['secret'], hasConnector: true });
    expect(store.webhookUrl).toBe(`${server.publicUrl}/webhooks/woocommerce/${store.id}`);

    // The new store takes webhooks at once, with the secret just entered.
    const delivered = await server.deliver({ id: store.id, secret: 'top-secret-value' }, []);
    expect(delivered.status).toBe(200);

    const list = await call('GET', '/api/stores', ownerToken);
    const listText = await list.text();
    expect(listText).not.toContain('top-secret-value');
    expect(adminStoreListSchema.parse(JSON.parse(listText)).stores.map((s) => s.id)).toContain(store.id);
  });

  it('edits a store: blank credential fields keep their value, typed ones replace it', async () => {
    const created = adminStoreSchema.parse(
      await (await call('POST', '/api/stores', ownerToken, { platform: 'woocommerce', name: 'Edit me', currency: 'USD', credentials: { secret: 's1' } })).json(),
    );
    const renamed = await call('PATCH', `/api/stores/${created.id}`, ownerToken, { name: 'Edited', credentials: { secret: '' } });
    expect(renamed.status).toBe(200);
    expect(adminStoreSchema.parse(await renamed.json()).name).toBe('Edited');
    expect((await server.deliver({ id: created.id, secret: 's1' }, [])).status).toBe(200);

    await call('PATCH', `/api/stores/${created.id}`, ownerToken, { credentials: { secret: 's2' } });
    expect((await server.deliver({ id: created.id, secret: 's1' }, [])).status).toBe(401);
    expect((await server.deliver({ id: created.id, secret: 's2' }, [])).status).toBe(200);
    expect((await call('PATCH', '/api/stores/nope', ownerToken, { name: 'x' })).status).toBe(404);
  });

  it('describes each platform form from the connector credentials schema', async () => {
    const forms = platformFormListSchema.parse(await (await call('GET', '/api/stores/platforms', ownerToken)).json());
    const woo = forms.platforms.find((p) => p.platform === 'woocommerce');
    expect(woo).toMatchObject({ hasConnector: true, webhook: true, fields: [{ name: 'secret', required: true, secret: true }] });
    expect(forms.platforms.find((p) => p.platform === 'jd')?.hasConnector).toBe(false);
  });
});
