import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';

/**
 * WeChat contract: the emulator plays WeChat (the GET handshake, XML pushes signed in the
 * query, WeChat Store order callbacks that Huixin completes through the order API, and the
 * customer-service send API) against the real endpoint and database.
 */
const STORE = DEMO_STORE_IDS.wechatTea;

describe('WeChat pushes into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 11, shopifyDeliveryAttempts: 1 });
    ({ emulator, server } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const rowCounts = () => rowCountsOf(server.database);

  it('passes the server-verification handshake by echoing echostr, and refuses a bad signature', async () => {
    const handshake = await emulator.sendHandshake({ storeId: STORE });
    expect(handshake.status).toBe(200);
    expect(handshake.responseBody).toBe(handshake.expected);
    const forged = await fetch(`${server.url}/webhooks/wechat/${STORE}?signature=${'0'.repeat(40)}&timestamp=1&nonce=2&echostr=abc`);
    expect(forged.status).toBe(401);
  });

  it('stores a follower’s text message and answers "success"', async () => {
    const text = '请问这款龙井可以开发票吗？';
    const result = await emulator.sendBuyerMessage({ storeId: STORE, text, buyerNick: '小鹿乱撞' });
    expect(result.webhookDeliveries.map((d) => [d.status, d.responseBody])).toEqual([[200, 'success']]);
    const rows = await server.database.query<{ kind: string }>(
      "select c.kind from messages m join conversations c on c.id = m.conversation_id where m.body = $1 and m.direction = 'in'",
      [text],
    );
    expect(rows).toEqual([{ kind: 'chat' }]);
  });

  it('completes WeChat Store order callbacks through the order API: 19-digit ids exact, paid, after-sale', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE, quantity: 2 });
    const id = placed.orderId ?? '';
    expect(id).toMatch(/^\d{19}$/);
    expect(placed.webhookDeliveries.map((d) => [d.label, d.status, d.responseBody])).toEqual([['channels_ec_order_new', 200, 'success']]);
    const order = () =>
      server.database.query<{ status: string; currency: string; items: Array<{ quantity: number }> }>(
        'select status, currency, items from orders where store_id = $1 and platform_order_id = $2',
        [STORE, id],
      );
    expect(await order()).toEqual([{ status: 'created', currency: 'CNY', items: [expect.objectContaining({ quantity: 2 })] }]);
    await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'pay' });
    expect((await order())[0]?.status).toBe('paid');
    const refund = await emulator.advanceOrder({ storeId: STORE, orderId: id, step: 'refund' });
    expect(refund.webhookDeliveries.map((d) => [d.label, d.status])).toEqual([['channels_ec_aftersale_update', 200]]);
    expect((await order())[0]?.status).toBe('refund_requested');
  });

  it('answers a forged signature with 401 and stores nothing', async () => {
    const before = await rowCounts();
    expect((await emulator.sendForgedWebhook({ storeId: STORE })).status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers malformed XML and wrongly shaped pushes with 400 and stores nothing', async () => {
    const before = await rowCounts();
    const broken = await emulator.sendNativeWebhook({ storeId: STORE, label: 'text', body: '<xml><ToUserName>gh_1</ToUserName><MsgType>text' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.responseBody)).toEqual({ error: expect.stringContaining('malformed XML') });
    const noMsgId = await emulator.sendNativeWebhook({
      storeId: STORE,
      label: 'text',
      body: '<xml><ToUserName>gh_1</ToUserName><FromUserName>o_x</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>',
    });
    expect(noMsgId.status).toBe(400);
    expect(JSON.parse(noMsgId.responseBody)).toEqual({ error: expect.stringContaining('MsgId') });
    expect(await rowCounts()).toEqual(before);
  });

  it('stores a redelivered push once (WeChat retries three times)', async () => {
    await emulator.sendBuyerMessage({ storeId: STORE, text: '在吗' });
    const before = await rowCounts();
    const replay = await emulator.replayWebhook({ storeId: STORE });
    expect([replay.status, replay.responseBody]).toEqual([200, 'success']);
    expect(await rowCounts()).toEqual(before);
  });

  it('records unknown events as ignored and still answers "success"', async () => {
    const before = await rowCounts();
    const subscribe = await emulator.sendNativeWebhook({
      storeId: STORE,
      label: 'subscribe',
      body: '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_new_follower]]></FromUserName><CreateTime>1700000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>',
    });
    expect([subscribe.status, subscribe.responseBody]).toEqual([200, 'success']);
    const after = await rowCounts();
    expect({ ...after, inbound_deliveries: 0 }).toEqual({ ...before, inbound_deliveries: 0 });
    const ignored = await server.database.query<{ n: number }>("select count(*)::int as n from ignored_events where platform_type = 'event:subscribe'");
    expect(ignored[0]?.n).toBe(1);
  });

  describe('replies through the customer-service message API', () => {
    const store = (): ConnectorStore => ({ id: STORE, platform: 'wechat', name: '茗香茶舍 微信小店', currency: 'CNY', credentials: emulator.credentialsFor(STORE) });
    const target = (overrides: Partial<ReplyTarget> = {}): ReplyTarget => ({
      messageId: 'wx-msg-1',
      body: '可以的，下单时备注抬头即可。',
      conversationKind: 'chat',
      customerPlatformUserId: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
      customerNickname: '微信用户 fL2M',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: null,
      ...overrides,
    });
    const connector = () => connectorFor('wechat')!;

    it('sends a text message to the follower with a fetched access token', async () => {
      expect(await connector().sendReply(store(), target(), AbortSignal.timeout(5000))).toEqual({ ok: true, platformMessageId: null });
      expect(emulator.replies('wechat').at(-1)).toMatchObject({
        method: 'message/custom/send',
        fields: { touser: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', msgtype: 'text', content: '可以的，下单时备注抬头即可。' },
      });
    });

    it('classifies 45015 as permanent with its reason, -1 and a timeout as transient, and refuses order threads', async () => {
      emulator.setFault({ platform: 'wechat', mode: 'refuse', count: 1 });
      expect(await connector().sendReply(store(), target(), AbortSignal.timeout(5000))).toEqual({
        ok: false,
        permanent: true,
        reason: expect.stringContaining('45015'),
      });
      emulator.setFault({ platform: 'wechat', mode: 'unavailable', count: 1 });
      expect(await connector().sendReply(store(), target(), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: false });
      emulator.setFault({ platform: 'wechat', mode: 'timeout', count: 1 });
      expect(await connector().sendReply(store(), target(), AbortSignal.timeout(300))).toEqual({
        ok: false,
        permanent: false,
        reason: expect.stringContaining('did not answer in time'),
      });
      expect(await connector().sendReply(store(), target({ conversationKind: 'order' }), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: true });
      const wrongSecret = { ...store(), credentials: { ...emulator.credentialsFor(STORE), appId: 'wx-unknown-app' } };
      expect(await connector().sendReply(wrongSecret, target(), AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('40013') });
    });
  });
});
