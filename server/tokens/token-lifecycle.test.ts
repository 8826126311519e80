import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminStoreListSchema, type StoreAuthorization } from '../../shared';
import type { Emulator } from '../../emulator';
import { fetchPddOrder } from '../connectors/pinduoduo/api';
import { pinduoduoCredentialsSchema } from '../connectors/pinduoduo/credentials';
import { connectorFor } from '../connectors/index';
import { DEMO_STORE_IDS } from '../demo/demo-topology';
import { createLogger } from '../logger';
import { startPlatformStack, type PlatformStack } from '../testing/platform-stack';
import type { TestServer } from '../testing/test-server';
import { TokenManager } from './token-manager';

/**
 * The access-token lifecycle through the real server, database and emulator: an expired
 * token is renewed once and the call succeeds; concurrent calls share one renewal; a refused
 * refresh shows "re-authorize" to the owner and holds the order event until new tokens are
 * entered, then it arrives. Nothing sleeps on a clock: the emulator expires or revokes tokens.
 */
const PDD = DEMO_STORE_IDS.pinduoduoFruit;
const JD = DEMO_STORE_IDS.jdAppliances;
const XHS = DEMO_STORE_IDS.xiaohongshuBeauty;
const WEIBO = DEMO_STORE_IDS.weiboBrand;
const DOUYIN_TOOL = 'douyin-tool-app';

describe('access tokens of Pinduoduo, JD, Xiaohongshu, Douyin tool apps and Weibo', () => {
  let stack: PlatformStack;
  let emulator: Emulator;
  let server: TestServer;
  let ownerToken: string;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 41, tmcRedeliveryMs: 300 });
    ({ emulator, server } = stack);
    await server.addUser('token-owner', 'owner');
    ownerToken = (await server.login('token-owner')).token;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ownerToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const authorizationOf = async (storeId: string): Promise<StoreAuthorization | null> => {
    const list = adminStoreListSchema.parse(await (await api('GET', '/api/stores')).json());
    return list.stores.find((store) => store.id === storeId)?.authorization ?? null;
  };
  const orderStatus = async (storeId: string, orderId: string | null) =>
    (await server.database.query<{ status: string }>('select status from orders where store_id = $1 and platform_order_id = $2', [storeId, orderId]))[0]?.status ?? null;
  const tokenRow = async (storeId: string) =>
    (await server.database.query<{ access_token: string; refresh_token: string | null; last_refresh_at: Date | null; needs_reauthorization: boolean }>(
      'select access_token, refresh_token, last_refresh_at, needs_reauthorization from platform_tokens where store_id = $1',
      [storeId],
    ))[0];
  const eventually = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('Pinduoduo: an expired token is renewed once (pdd.pop.auth.token.refresh) and the order lookup succeeds', async () => {
    const placed = await emulator.placeOrder({ storeId: PDD });
    await emulator.pmc.waitForAck((await emulator.advanceOrder({ storeId: PDD, orderId: placed.orderId ?? '', step: 'pay' })).pmcMessageIds[0] ?? '', 20_000);
    expect(emulator.oauth.refreshCount(PDD)).toBe(0);

    emulator.oauth.expireAccessTokens(PDD);
    const shipped = await emulator.advanceOrder({ storeId: PDD, orderId: placed.orderId ?? '', step: 'ship' });
    for (const id of shipped.pmcMessageIds) await emulator.pmc.waitForAck(id, 20_000);
    expect(await orderStatus(PDD, placed.orderId)).toBe('shipped');
    expect(emulator.oauth.refreshCount(PDD)).toBe(1);
    const row = await tokenRow(PDD);
    expect(row?.access_token).toMatch(/^at-/);
    // Pinduoduo does not rotate its refresh token: the entered one is kept.
    expect(row?.refresh_token).toBe('demo-pinduoduo-refresh-token');
    expect(row?.last_refresh_at).toBeInstanceOf(Date);
    expect(await authorizationOf(PDD)).toMatchObject({ state: 'ok', renewable: true, lastError: null, lastRefreshAt: row?.last_refresh_at?.toISOString() });
  }, 60_000);

  it('Pinduoduo: concurrent calls with an expired token share one renewal', async () => {
    emulator.oauth.expireAccessTokens(PDD);
    const before = emulator.oauth.refreshCount(PDD);
    const placed = await emulator.placeOrder({ storeId: PDD });
    await emulator.advanceOrder({ storeId: PDD, orderId: placed.orderId ?? '', step: 'pay' }).then((r) => Promise.all(r.pmcMessageIds.map((id) => emulator.pmc.waitForAck(id, 20_000))));
    const afterPmc = emulator.oauth.refreshCount(PDD);
    expect(afterPmc).toBe(before + 1);

    // A second manager over the same database (another node's view): five lookups at once.
    emulator.oauth.expireAccessTokens(PDD);
    const manager = new TokenManager(server.database, connectorFor, createLogger('error'));
    const credentials = pinduoduoCredentialsSchema.parse(emulator.credentialsFor(PDD));
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fetchPddOrder(credentials, manager.forStore(PDD), placed.orderId ?? '', AbortSignal.timeout(10_000))),
    );
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, true, true]);
    expect(emulator.oauth.refreshCount(PDD)).toBe(afterPmc + 1);
  }, 60_000);

  it('Xiaohongshu: an expired token is renewed with oauth.refreshToken, the push is stored, and the used refresh token is rotated', async () => {
    emulator.oauth.expireAccessTokens(XHS);
    const placed = await emulator.placeOrder({ storeId: XHS });
    expect(placed.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect(await orderStatus(XHS, placed.orderId)).toBe('created');
    expect(emulator.oauth.refreshCount(XHS)).toBe(1);
    const row = await tokenRow(XHS);
    expect(row?.refresh_token).toMatch(/^rt-/);
    // The refresh token Huixin was given no longer works on the platform.
    expect(emulator.oauth.refresh(XHS, 'demo-xiaohongshu-refresh-token')).toEqual({ ok: false, reason: 'invalid' });
  }, 60_000);

  it('Douyin Shop tool app: the entered token is used, renewed with token.refresh when expired, and the push is stored', async () => {
    // The owner adds the store (the server picks its id), then the emulator plays a tool-app shop under that id.
    emulator.addStore({ id: DOUYIN_TOOL, platform: 'douyin', credentials: { appKey: 'dytoolapp01', appSecret: 'douyin-tool-secret', shopId: '7788990011', accessToken: 'dy-tool-access' } });
    const created = await api('POST', '/api/stores', { platform: 'douyin', name: 'Tool app shop', currency: 'CNY', credentials: emulator.credentialsFor(DOUYIN_TOOL) });
    expect(created.status).toBe(201);
    const storeId = ((await created.json()) as { id: string }).id;
    emulator.addStore({ id: storeId, platform: 'douyin', credentials: { appKey: 'dytoolapp02', appSecret: 'douyin-tool-secret-2', shopId: '7788990012', accessToken: 'dy-tool-access-2' } });
    const patched = await api('PATCH', `/api/stores/${storeId}`, { credentials: emulator.credentialsFor(storeId) });
    expect(patched.status).toBe(200);

    const first = await emulator.placeOrder({ storeId });
    expect(first.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect(emulator.oauth.refreshCount(storeId)).toBe(0);
    emulator.oauth.expireAccessTokens(storeId);
    const second = await emulator.placeOrder({ storeId });
    expect(second.webhookDeliveries.map((d) => d.status)).toEqual([200]);
    expect(await orderStatus(storeId, second.orderId)).toBe('created');
    expect(emulator.oauth.refreshCount(storeId)).toBe(1);
  }, 60_000);

  it('JD: a refused refresh shows "re-authorize", JOS is left alone, and the held order arrives after new tokens are entered', async () => {
    emulator.oauth.revokeRefreshTokens(JD);
    emulator.oauth.expireAccessTokens(JD);
    const placed = await emulator.placeOrder({ storeId: JD });
    await emulator.advanceOrder({ storeId: JD, orderId: placed.orderId ?? '', step: 'pay' });
    await eventually(async () => (await authorizationOf(JD))?.state === 'reauthorize', 'the re-authorize state');
    const health = await authorizationOf(JD);
    expect(health).toMatchObject({ state: 'reauthorize', renewable: true, lastError: expect.stringContaining('refresh_token') });
    expect(await orderStatus(JD, placed.orderId)).toBeNull();
    expect((await tokenRow(JD))?.needs_reauthorization).toBe(true);

    // Several poll rounds later the refresh was not asked again: nothing hammers the platform.
    const refreshesWhileWaiting = emulator.oauth.refreshCount(JD);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(emulator.oauth.refreshCount(JD)).toBe(refreshesWhileWaiting);
    expect(await orderStatus(JD, placed.orderId)).toBeNull();

    // The owner authorises the app again and enters the new tokens: the order arrives.
    const fresh = emulator.oauth.authorize(JD);
    const patched = await api('PATCH', `/api/stores/${JD}`, { credentials: { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken } });
    expect(patched.status).toBe(200);
    await eventually(async () => (await orderStatus(JD, placed.orderId)) === 'paid', 'the held JD order');
    expect(await authorizationOf(JD)).toMatchObject({ state: 'ok', lastError: null });
  }, 90_000);

  it('Weibo: the fan-service token cannot be renewed; when Weibo says it expired (21327) the store shows re-authorize', async () => {
    emulator.oauth.expireAccessTokens(WEIBO);
    const comment = emulator.postWeiboComment({ storeId: WEIBO, text: '过期之后的评论' });
    await eventually(async () => (await authorizationOf(WEIBO))?.state === 'reauthorize', 'the Weibo re-authorize state');
    expect(await authorizationOf(WEIBO)).toMatchObject({ state: 'reauthorize', renewable: false, lastError: expect.stringContaining('21327') });
    const stored = await server.database.query('select 1 from messages where body = $1', [comment.text]);
    expect(stored).toEqual([]);
  }, 60_000);

  it('never answers a token value: not in the store admin answer, not in any change', async () => {
    const rows = await server.database.query<{ access_token: string; refresh_token: string | null }>('select access_token, refresh_token from platform_tokens');
    const secrets = rows.flatMap((row) => [row.access_token, row.refresh_token]).filter((value): value is string => value !== null);
    expect(secrets.length).toBeGreaterThan(4);
    const answer = await (await api('GET', '/api/stores')).text();
    const changes = JSON.stringify(await server.database.query('select data from changes'));
    for (const secret of secrets) {
      expect(answer).not.toContain(secret);
      expect(changes).not.toContain(secret);
    }
  });
});
