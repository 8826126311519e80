import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { DEMO_STORE_IDS, demoStores } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { captureLog, until } from '../testSupport';
import { taobaoConnector } from '../taobao';
import { connectorFor } from '../index';
import type { ConnectorStore, MessageServiceSink, ReplyTarget } from '../types';
import { tmallConnector } from './index';

/**
 * Tmall contract: the Taobao connector under the platform name `tmall`. The emulator plays
 * the shared TMC message service and TOP gateway; the real server connects out to it for
 * the demo Tmall store (its own app key) and stores into the real database.
 */
const TMALL = DEMO_STORE_IDS.tmallSilk;
const TAOBAO = DEMO_STORE_IDS.taobaoTea;
/** As the server sees it: through the registry, credentials as stored JSON. */
const registered = () => connectorFor('tmall')!;

describe('Tmall is the Taobao connector under its own platform name', () => {
  it('is registered for tmall, shares Taobao’s code and capabilities, and differs only in the name', () => {
    expect(connectorFor('tmall')).toBe(tmallConnector);
    expect(tmallConnector.platform).toBe('tmall');
    expect(tmallConnector.messageService).toBe(taobaoConnector.messageService);
    expect(tmallConnector.sendReply).toBe(taobaoConnector.sendReply);
    expect(tmallConnector.credentialsSchema).toBe(taobaoConnector.credentialsSchema);
    expect(tmallConnector.capabilities).toEqual(taobaoConnector.capabilities);
  });
});

describe('Tmall through TMC into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 23, tmcRedeliveryMs: 300 });
    ({ emulator, server } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const rowCounts = () => rowCountsOf(server.database, ['customers', 'conversations', 'messages', 'orders', 'changes', 'inbound_deliveries', 'ignored_events']);

  const tmallCredentials = () => {
    const store = demoStores(emulator.url).find((s) => s.id === TMALL);
    if (!store || store.platform !== 'tmall') throw new Error('no demo Tmall store');
    return store.credentials;
  };

  it('stores a Tmall order in the Tmall store only, tid digit-exact, confirmed after storing', async () => {
    const placed = await emulator.placeOrder({ storeId: TMALL, buyerNick: '丝巾控小雅' });
    expect(placed.platform).toBe('tmall');
    for (const id of placed.tmcMessageIds) await emulator.waitForTmcConfirm(id, 20_000);
    const rows = await server.database.query<{ store_id: string; status: string }>('select store_id, status from orders where platform_order_id = $1', [placed.orderId]);
    expect(rows).toEqual([{ store_id: TMALL, status: 'created' }]);
    expect(BigInt(placed.orderId ?? '0')).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));

    const paid = await emulator.advanceOrder({ storeId: TMALL, orderId: placed.orderId ?? '', step: 'pay' });
    for (const id of paid.tmcMessageIds) await emulator.waitForTmcConfirm(id, 20_000);
    const after = await server.database.query<{ status: string }>('select status from orders where store_id = $1 and platform_order_id = $2', [TMALL, placed.orderId]);
    expect(after).toEqual([{ status: 'paid' }]);
  });

  it('stores a buyer message once, also when TMC redelivers it', async () => {
    const text = '这条真丝围巾可以刻字吗？';
    const result = await emulator.sendBuyerMessage({ storeId: TMALL, text, buyerNick: '丝巾控小雅' });
    for (const id of result.tmcMessageIds) await emulator.waitForTmcConfirm(id, 20_000);
    const stored = await server.database.query<{ store_id: string; kind: string }>(
      "select m.store_id, c.kind from messages m join conversations c on c.id = m.conversation_id where m.body = $1 and m.direction = 'in'",
      [text],
    );
    expect(stored).toEqual([{ store_id: TMALL, kind: 'chat' }]);

    const before = await rowCounts();
    const replayed = emulator.replayTmcMessage({ storeId: TMALL });
    await emulator.waitForTmcConfirm(replayed, 20_000);
    expect(await rowCounts()).toEqual(before);
  });

  it('confirms a malformed message without storing anything, and records an unknown topic as ignored', async () => {
    const before = await rowCounts();
    const bad = emulator.pushMalformedTmcFrame({ storeId: TMALL, kind: 'bad-content' });
    await emulator.waitForTmcConfirm(bad, 20_000);
    expect(await rowCounts()).toEqual(before);

    const unknown = emulator.tmc.publish(tmallCredentials().appKey, 'tmall_item_ItemUpdate', tmallCredentials().sellerNick, '{"num_iid":1}');
    await emulator.waitForTmcConfirm(unknown, 20_000);
    const ignored = await server.database.query<{ store_id: string }>("select store_id from ignored_events where platform_type = 'tmall_item_ItemUpdate'");
    expect(ignored).toEqual([{ store_id: TMALL }]);
    const { ignored_events: _ignored, ...rest } = await rowCounts();
    const { ignored_events: _before, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('is refused by TMC with a wrong app secret (a forged connect)', async () => {
    const log = captureLog();
    const sink: MessageServiceSink = { deliver: async () => undefined, reject: () => undefined };
    const forged: ConnectorStore = { id: 'forged', platform: 'tmall', name: 'x', currency: 'CNY', credentials: { ...tmallCredentials(), appSecret: 'wrong-secret' } };
    const subscription = registered().messageService!.subscribe(forged, sink, log);
    try {
      await until(() => emulator.tmc.connectionAttempts().some((a) => a.appKey === tmallCredentials().appKey && !a.accepted), 20_000, 'a refused connect');
    } finally {
      await subscription.close();
    }
  });

  describe('replies through the TOP gateway', () => {
    const store = (): ConnectorStore => ({ id: TMALL, platform: 'tmall', name: '云锦丝语', currency: 'CNY', credentials: emulator.credentialsFor(TMALL) });
    const target = (overrides: Partial<ReplyTarget> = {}): ReplyTarget => ({
      messageId: 'tmall-msg-1',
      body: '可以的，下单备注刻字内容即可。',
      conversationKind: 'chat',
      customerPlatformUserId: 'AAEtmall0001',
      customerNickname: '丝巾控小雅',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: null,
      ...overrides,
    });

    it('sends a chat reply recorded under tmall, and classifies refusal, outage and timeout', async () => {
      expect(await registered().sendReply(store(), target(), AbortSignal.timeout(10_000))).toEqual({ ok: true, platformMessageId: 'msg-tmall-msg-1' });
      expect(emulator.replies('tmall').at(-1)).toMatchObject({ storeId: TMALL, method: 'huixin.qianniu.message.send', fields: { content: '可以的，下单备注刻字内容即可。' } });
      expect(emulator.replies('taobao').some((r) => r.storeId === TMALL)).toBe(false);

      emulator.setFault({ platform: 'tmall', mode: 'refuse', count: 1 });
      expect(await registered().sendReply(store(), target({ messageId: 'tmall-msg-2' }), AbortSignal.timeout(10_000))).toEqual({
        ok: false,
        permanent: true,
        reason: expect.stringContaining('isv.buyer-refuse-message'),
      });
      emulator.setFault({ platform: 'tmall', mode: 'unavailable', count: 1 });
      expect(await registered().sendReply(store(), target({ messageId: 'tmall-msg-3' }), AbortSignal.timeout(10_000))).toMatchObject({ ok: false, permanent: false });
      emulator.setFault({ platform: 'tmall', mode: 'timeout', count: 1 });
      expect(await registered().sendReply(store(), target({ messageId: 'tmall-msg-4' }), AbortSignal.timeout(300))).toEqual({
        ok: false,
        permanent: false,
        reason: expect.stringContaining('did not answer in time'),
      });
    });
  });

  it('keeps the Taobao store apart: nothing of the Tmall store arrived there', async () => {
    const rows = await server.database.query<{ n: number }>("select count(*)::int as n from messages where store_id = $1 and body like '%真丝%'", [TAOBAO]);
    expect(rows[0]?.n).toBe(0);
  });
});
