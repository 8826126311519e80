import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './emulator';
import type { Emulator } from './emulator';

describe('emulator control API', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 5,
      stores: [{ id: 'tb', platform: 'taobao', credentials: { appKey: 'k1', appSecret: 's1', sellerNick: '小店' } }],
    });
  });
  afterAll(() => emulator.close());

  const post = (path: string, body: unknown) =>
    fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers health and validates its inputs', async () => {
    expect(await (await fetch(`${emulator.url}/healthz`)).json()).toMatchObject({ ok: true, stores: 1 });
    const bad = await post('generate', { count: 0 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.stringContaining('count') });
    expect((await post('scenario/buyer-message', { storeId: 'missing' })).status).toBe(400);
    expect((await post('faults', { platform: 'taobao', mode: 'explode' })).status).toBe(400);
    expect((await fetch(`${emulator.url}/__emulator/nothing`)).status).toBe(404);
  });

  it('generates traffic, injects scenarios and reports state over HTTP', async () => {
    const generated = (await (await post('generate', { count: 3 })).json()) as { results: Array<{ tmcMessageIds: string[] }> };
    expect(generated.results).toHaveLength(3);
    const message = (await (await post('scenario/buyer-message', { storeId: 'tb', text: '在吗？' })).json()) as { text: string; tmcMessageIds: string[] };
    expect(message.text).toBe('在吗？');
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { tmc: { pending: string[] } };
    // Nobody is connected to TMC: everything published is still waiting to be confirmed.
    expect(state.tmc.pending).toEqual(expect.arrayContaining(message.tmcMessageIds));
    expect(await (await fetch(`${emulator.url}/__emulator/replies`)).json()).toEqual({ taobao: [], tmall: [], shopify: [], woocommerce: [], wechat: [] });
    expect(await (await fetch(`${emulator.url}/__emulator/stores/tb/credentials`)).json()).toEqual({
      appKey: 'k1',
      appSecret: 's1',
      sellerNick: '小店',
      tmcUrl: emulator.tmcUrl,
      apiUrl: emulator.apiUrl,
    });
  });
});
