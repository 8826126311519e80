import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { msgSignature, sealForWeChatServer } from '../../../emulator/wechat/encryption';
import { signedPush } from '../../../emulator/wechat/pushes';
import { DEMO_STORE_IDS, demoStores } from '../../demo/demo-topology';
import { rowCountsOf, startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';
import { wechatSignature } from './signature';

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

  const logisticsOf = async (orderId: string | null) =>
    (await server.database.query<{ logistics: unknown }>('select logistics from orders where store_id = $1 and platform_order_id = $2', [STORE, orderId]))[0]?.logistics ?? null;

  it('stores the carrier and waybill of a shipped WeChat Store order from order/get delivery_info; unknown codes kept', async () => {
    const placed = await emulator.placeOrder({ storeId: STORE });
    const orderId = placed.orderId ?? '';
    await emulator.advanceOrder({ storeId: STORE, orderId, step: 'pay' });
    expect(await logisticsOf(orderId)).toBeNull();
    const shipped = await emulator.advanceOrder({ storeId: STORE, orderId, step: 'ship', carrier: 'YUNDA' });
    expect(shipped.webhookDeliveries.map((d) => [d.label, d.status])).toEqual([['channels_ec_order_deliver', 200]]);
    // WeChat Store writes Yunda as "YD".
    expect(await logisticsOf(orderId)).toEqual({ company: 'YUNDA', trackingNumber: expect.stringMatching(/^43\d{12}$/) });

    const other = await emulator.placeOrder({ storeId: STORE });
    await emulator.advanceOrder({ storeId: STORE, orderId: other.orderId ?? '', step: 'pay' });
    await emulator.advanceOrder({ storeId: STORE, orderId: other.orderId ?? '', step: 'ship', carrier: 'KUAYUE' });
    expect(await logisticsOf(other.orderId)).toMatchObject({ company: 'KYSY' });
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

  describe('message encryption modes (消息加解密方式)', () => {
    const demoStore = () => {
      const found = demoStores(emulator.url).find((candidate) => candidate.id === STORE);
      if (found?.platform !== 'wechat') throw new Error('the demo WeChat store is missing');
      return found;
    };
    const useMode = (messageMode: 'plaintext' | 'compatible' | 'safe') => {
      const store = demoStore();
      emulator.addStore({ ...store, credentials: { ...store.credentials, messageMode } });
    };
    const storedInbound = (text: string) =>
      server.database.query<{ n: number }>("select count(*)::int as n from messages where body = $1 and direction = 'in'", [text]);

    /** A safe-mode push built by hand, so single parts of it can be spoiled. */
    const handmadeSafePush = (xml: string, overrides: { encodingAESKey?: string; appId?: string; msgSignature?: string } = {}) => {
      const { credentials } = demoStore();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = '1320562132';
      const encrypted = sealForWeChatServer(xml, overrides.encodingAESKey ?? credentials.encodingAESKey, overrides.appId ?? credentials.appId);
      const query = new URLSearchParams({
        signature: wechatSignature(credentials.token, timestamp, nonce),
        timestamp,
        nonce,
        openid: 'o_handmade',
        encrypt_type: 'aes',
        msg_signature: overrides.msgSignature ?? msgSignature(credentials.token, timestamp, nonce, encrypted),
      });
      return fetch(`${server.url}/webhooks/wechat/${STORE}?${query.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: `<xml><ToUserName><![CDATA[gh_huixin_demo]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
      });
    };
    const textXml = (text: string, msgId: string) =>
      `<xml><ToUserName><![CDATA[gh_huixin_demo]]></ToUserName><FromUserName><![CDATA[o_handmade]]></FromUserName><CreateTime>1700000100</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId></xml>`;

    it('decrypts safe-mode pushes (only ToUserName and Encrypt in the clear), and also takes plaintext and compatible mode', async () => {
      for (const mode of ['safe', 'compatible', 'plaintext'] as const) {
        useMode(mode);
        const text = `${mode} 模式：这款白茶还有货吗？🍵`;
        const result = await emulator.sendBuyerMessage({ storeId: STORE, text, buyerNick: '安全模式' });
        expect(result.webhookDeliveries.map((d) => [d.status, d.responseBody])).toEqual([[200, 'success']]);
        expect(await storedInbound(text)).toEqual([{ n: 1 }]);
      }
      useMode('safe');
      const { credentials } = demoStore();
      const push = signedPush(STORE, 'text', textXml('这款白茶', '1'), { ...credentials, originalId: 'gh_huixin_demo' }, 'o_x', '1700000000');
      expect(push.body).toContain('<Encrypt>');
      expect(push.body).not.toContain('这款白茶');
      expect(push.query).toMatchObject({ encrypt_type: 'aes', msg_signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    });

    it('refuses a swapped ciphertext (msg_signature) with 401, a wrong key or AppID with a clear 400, and stores nothing', async () => {
      const before = await rowCounts();
      const swapped = await handmadeSafePush(textXml('被调包的消息', '990001'), { msgSignature: 'f'.repeat(40) });
      expect(swapped.status).toBe(401);
      const wrongKey = await handmadeSafePush(textXml('错误密钥', '990002'), { encodingAESKey: 'A'.repeat(43) });
      expect(wrongKey.status).toBe(400);
      expect(await wrongKey.json()).toEqual({ error: expect.stringContaining('encrypted WeChat push') });
      const otherAccount = await handmadeSafePush(textXml('别人的公众号', '990003'), { appId: 'wx_another_account' });
      expect(otherAccount.status).toBe(400);
      expect(await otherAccount.json()).toEqual({ error: expect.stringContaining('another AppID') });
      expect(await rowCounts()).toEqual(before);
      const good = await handmadeSafePush(textXml('手工加密的消息', '990004'));
      expect([good.status, await good.text()]).toEqual([200, 'success']);
      expect(await storedInbound('手工加密的消息')).toEqual([{ n: 1 }]);
    });

    it('asks for the EncodingAESKey when a store without one receives an encrypted push', async () => {
      const parsed = await connectorFor('wechat')!.webhook!.parse(
        { id: STORE, platform: 'wechat', name: 'x', currency: 'CNY', credentials: { ...emulator.credentialsFor(STORE), encodingAESKey: undefined } },
        { headers: {}, rawBody: Buffer.from('<xml><ToUserName>gh_1</ToUserName><Encrypt>AAAA</Encrypt></xml>'), query: {} },
      );
      expect(parsed).toEqual({ ok: false, error: expect.stringContaining('EncodingAESKey') });
    });
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
      // Unanswered: WeChat may have delivered it (no idempotency key), so the dispatcher will not resend it.
      expect(await connector().sendReply(store(), target(), AbortSignal.timeout(300))).toEqual({
        ok: false,
        permanent: false,
        reason: expect.stringContaining('did not answer in time'),
        mayHaveApplied: true,
      });
      expect(await connector().sendReply(store(), target({ conversationKind: 'order' }), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: true });
      const wrongSecret = { ...store(), credentials: { ...emulator.credentialsFor(STORE), appId: 'wx-unknown-app' } };
      expect(await connector().sendReply(wrongSecret, target(), AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('40013') });
    });
  });
});
