import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator';
import { weiboSignature as emulatorSignature, weiboTime } from '../../../emulator/weibo/weibo';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import type { TestServer } from '../../testing/test-server';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';
import { parseWeiboTime } from './payloads';
import { isValidWeiboSignature, weiboSignature } from './signature';

/**
 * Weibo contract: the emulator plays Weibo (fan-service URL verification and signed DM pushes,
 * the brand's posts with fans' comments read through comments/to_me, and the DM / comment reply
 * APIs) against the real endpoint, the real comment poller and the real database.
 */
const STORE = DEMO_STORE_IDS.weiboBrand;
const BRAND_UID = '5612345678';

describe('Weibo signature and time format', () => {
  it('matches the example in Weibo’s access guide and is checked constant-time', () => {
    // open.weibo.com/wiki/Messages_api_start: appsecret xyz123xyz, timestamp 1397022061823, nonce 57155157.
    expect(weiboSignature('xyz123xyz', '1397022061823', '57155157')).toBe('90e4c22c90a58f26526c2dd5b6c56c8822edeaa1');
    expect(emulatorSignature('xyz123xyz', '1397022061823', '57155157')).toBe('90e4c22c90a58f26526c2dd5b6c56c8822edeaa1');
    const query = { signature: '90e4c22c90a58f26526c2dd5b6c56c8822edeaa1', timestamp: '1397022061823', nonce: '57155157' };
    expect(isValidWeiboSignature('xyz123xyz', query)).toBe(true);
    expect(isValidWeiboSignature('other-secret', query)).toBe(false);
    expect(isValidWeiboSignature('xyz123xyz', { ...query, nonce: '57155158' })).toBe(false);
    expect(isValidWeiboSignature('xyz123xyz', { timestamp: query.timestamp, nonce: query.nonce })).toBe(false);
  });

  it('reads Weibo’s created_at in its own offset, and round-trips the emulator’s', () => {
    expect(parseWeiboTime('Mon Jul 16 18:09:20 +0800 2012')).toBe('2012-07-16T10:09:20.000Z');
    expect(parseWeiboTime('2012-07-16 18:09:20')).toBeNull();
    const now = new Date('2024-05-01T03:04:05.000Z');
    expect(parseWeiboTime(weiboTime(now))).toBe(now.toISOString());
  });
});

describe('Weibo into the real server and database', () => {
  let emulator: Emulator;
  let server: TestServer;
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 13, shopifyDeliveryAttempts: 1 });
    ({ emulator, server } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ['customers', 'conversations', 'messages', 'inbound_deliveries', 'ignored_events']) {
      const rows = await server.database.query<{ n: number }>(`select count(*)::int as n from ${table} where store_id = $1`, [STORE]);
      counts[table] = rows[0]?.n ?? -1;
    }
    return counts;
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const threadOf = (body: string) =>
    server.database.query<{ kind: string; platform_thread_id: string | null; subject: string | null; platform_user_id: string; nickname: string }>(
      `select c.kind, c.platform_thread_id, c.subject, cu.platform_user_id, cu.nickname
         from messages m join conversations c on c.id = m.conversation_id join customers cu on cu.id = c.customer_id
        where m.body = $1 and m.direction = 'in' and c.store_id = $2`,
      [body, STORE],
    );

  it('passes Weibo’s URL verification by echoing echostr, and refuses a bad signature', async () => {
    const handshake = await emulator.sendHandshake({ storeId: STORE });
    expect(handshake.status).toBe(200);
    expect(handshake.responseBody).toBe(handshake.expected);
    const forged = await fetch(`${server.url}/webhooks/weibo/${STORE}?signature=${'0'.repeat(40)}&timestamp=1&nonce=2&echostr=abc`);
    expect(forged.status).toBe(401);
  });

  it('stores a fan’s direct message as a chat and answers with an empty body', async () => {
    const text = '你好，请问微博下单和淘宝店是同一个发货仓吗？';
    const result = await emulator.sendBuyerMessage({ storeId: STORE, text, buyerNick: '喝茶的小熊' });
    expect(result.webhookDeliveries.map((d) => [d.status, d.responseBody])).toEqual([[200, '']]);
    const [thread] = await threadOf(text);
    expect(thread).toMatchObject({ kind: 'chat', platform_thread_id: null, nickname: expect.stringMatching(/^微博用户 \d{4}$/) });
  });

  it('reads comments on the brand’s posts into one comment thread per fan and post (thread id = post id)', async () => {
    const first = emulator.postWeiboComment({ storeId: STORE, text: '这款龙井还有货吗？', buyerNick: '茶友阿青' });
    const second = emulator.postWeiboComment({ storeId: STORE, text: '另外可以寄到香港吗', buyerNick: '茶友阿青', postId: first.postId });
    const rows = await eventually(() => threadOf('另外可以寄到香港吗'), (r) => r.length === 1, 'the second comment');
    expect(rows[0]).toMatchObject({ kind: 'comment', platform_thread_id: first.postId, platform_user_id: first.fanUid, nickname: '茶友阿青' });
    expect(rows[0]?.subject).toBeTruthy();
    const firstRows = await threadOf('这款龙井还有货吗？');
    expect(firstRows).toEqual(rows);
    expect(second.postId).toBe(first.postId);
    // The post id is a 16-digit Weibo id, stored exactly.
    expect(first.postId).toMatch(/^\d{16}$/);
    const threads = await server.database.query<{ n: number }>(
      "select count(*)::int as n from conversations where store_id = $1 and kind = 'comment' and platform_thread_id = $2",
      [STORE, first.postId],
    );
    expect(threads[0]?.n).toBe(1);
  });

  it('answers a forged push with 401 and stores nothing', async () => {
    const before = await rowCounts();
    expect((await emulator.sendForgedWebhook({ storeId: STORE })).status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers malformed and wrongly shaped pushes with 400 and stores nothing', async () => {
    const before = await rowCounts();
    const broken = await emulator.sendNativeWebhook({ storeId: STORE, label: 'text', body: '{"type":"text","receiver_id":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.responseBody)).toEqual({ error: expect.stringContaining('malformed JSON') });
    const noSender = await emulator.sendNativeWebhook({
      storeId: STORE,
      label: 'text',
      body: JSON.stringify({ type: 'text', receiver_id: Number(BRAND_UID), created_at: 'Mon Jul 16 18:09:20 +0800 2012', text: 'hi', data: {} }),
    });
    expect(noSender.status).toBe(400);
    expect(JSON.parse(noSender.responseBody)).toEqual({ error: expect.stringContaining('sender_id') });
    const badTime = await emulator.sendNativeWebhook({
      storeId: STORE,
      label: 'text',
      body: JSON.stringify({ type: 'text', receiver_id: Number(BRAND_UID), sender_id: 2489518277, created_at: '2012-07-16', text: 'hi', data: {} }),
    });
    expect(badTime.status).toBe(400);
    expect(JSON.parse(badTime.responseBody)).toEqual({ error: expect.stringContaining('created_at') });
    expect(await rowCounts()).toEqual(before);
  });

  it('stores a redelivered push once (Weibo retries three times)', async () => {
    await emulator.sendBuyerMessage({ storeId: STORE, text: '在吗在吗' });
    const before = await rowCounts();
    const replay = await emulator.replayWebhook({ storeId: STORE });
    expect([replay.status, replay.responseBody]).toEqual([200, '']);
    expect(await rowCounts()).toEqual(before);
  });

  it('records follow events, unknown types and pushes for another account as ignored', async () => {
    const before = await rowCounts();
    const created_at = weiboTime(new Date());
    const push = (body: Record<string, unknown>) => emulator.sendNativeWebhook({ storeId: STORE, label: String(body.type), body: JSON.stringify(body) });
    const follow = await push({ type: 'event', receiver_id: Number(BRAND_UID), sender_id: 2489518277, created_at, text: '关注事件消息', data: { subtype: 'follow' } });
    const unknown = await push({ type: 'hologram', receiver_id: Number(BRAND_UID), sender_id: 2489518277, created_at, text: '?', data: {} });
    const elsewhere = await push({ type: 'text', receiver_id: 1902538057, sender_id: 2489518277, created_at, text: '给别的账号', data: {} });
    expect([follow, unknown, elsewhere].map((d) => [d.status, d.responseBody])).toEqual([[200, ''], [200, ''], [200, '']]);
    const after = await rowCounts();
    expect({ ...after, inbound_deliveries: 0, ignored_events: 0 }).toEqual({ ...before, inbound_deliveries: 0, ignored_events: 0 });
    const ignored = await server.database.query<{ platform_type: string }>(
      "select platform_type from ignored_events where store_id = $1 and platform_type in ('event:follow', 'hologram', 'text') order by platform_type",
      [STORE],
    );
    expect(ignored.map((r) => r.platform_type)).toEqual(['event:follow', 'hologram', 'text']);
  });

  describe('replies: DMs through messages/reply, comments through comments/reply', () => {
    const store = (): ConnectorStore => ({ id: STORE, platform: 'weibo', name: '茗香茶舍 官方微博', currency: 'CNY', credentials: emulator.credentialsFor(STORE) });
    const dm = (overrides: Partial<ReplyTarget> = {}): ReplyTarget => ({
      messageId: 'wb-msg-1',
      body: '是同一个仓，今天下单明天发。',
      conversationKind: 'chat',
      customerPlatformUserId: '2489518277',
      customerNickname: '微博用户 8277',
      customerEmail: null,
      platformThreadId: null,
      platformOrderId: null,
      ...overrides,
    });
    const connector = () => connectorFor('weibo')!;

    it('sends a DM reply to the fan', async () => {
      expect(await connector().sendReply(store(), dm(), AbortSignal.timeout(5000))).toEqual({ ok: true, platformMessageId: expect.stringMatching(/^\d+$/) });
      expect(emulator.replies('weibo').at(-1)).toMatchObject({ method: 'messages/reply', fields: { receiver_id: '2489518277', type: 'text', text: '是同一个仓，今天下单明天发。' } });
    });

    it('answers the fan’s latest comment on the post', async () => {
      const older = emulator.postWeiboComment({ storeId: STORE, text: '多少钱呀', buyerNick: '路过的猫' });
      const latest = emulator.postWeiboComment({ storeId: STORE, text: '包邮吗', buyerNick: '路过的猫', postId: older.postId });
      const target = dm({ conversationKind: 'comment', customerPlatformUserId: latest.fanUid, platformThreadId: latest.postId, body: '包邮的，谢谢支持！' });
      expect(await connector().sendReply(store(), target, AbortSignal.timeout(5000))).toEqual({ ok: true, platformMessageId: expect.stringMatching(/^\d{16}$/) });
      expect(emulator.replies('weibo').at(-1)).toMatchObject({ method: 'comments/reply', fields: { cid: latest.commentId, id: latest.postId, comment: '包邮的，谢谢支持！' } });
      // A fan with no comment on that post (deleted): permanent, with the reason.
      expect(await connector().sendReply(store(), { ...target, customerPlatformUserId: '1000000001' }, AbortSignal.timeout(5000))).toEqual({
        ok: false,
        permanent: true,
        reason: expect.stringContaining('is gone'),
      });
      // Let the poller store these comments before other tests compare row counts.
      await eventually(() => threadOf('包邮吗'), (r) => r.length === 1, 'the comments read by the poller');
    });

    it('classifies a refusal as permanent, 10002 and a timeout as transient, and refuses over-long text before sending', async () => {
      emulator.setFault({ platform: 'weibo', mode: 'refuse', count: 1 });
      expect(await connector().sendReply(store(), dm(), AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('20019') });
      emulator.setFault({ platform: 'weibo', mode: 'unavailable', count: 1 });
      expect(await connector().sendReply(store(), dm(), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: false });
      emulator.setFault({ platform: 'weibo', mode: 'timeout', count: 1 });
      expect(await connector().sendReply(store(), dm(), AbortSignal.timeout(300))).toEqual({ ok: false, permanent: false, reason: expect.stringContaining('did not answer in time'), mayHaveApplied: true });
      const sent = emulator.replies('weibo').length;
      expect(await connector().sendReply(store(), dm({ body: '好'.repeat(300) }), AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('under 300') });
      expect(await connector().sendReply(store(), dm({ conversationKind: 'order' }), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: true });
      const badToken = { ...store(), credentials: { ...emulator.credentialsFor(STORE), accessToken: 'expired' } };
      expect(await connector().sendReply(badToken, dm(), AbortSignal.timeout(5000))).toEqual({ ok: false, permanent: true, reason: expect.stringContaining('21332') });
      expect(emulator.replies('weibo').length).toBe(sent);
    });
  });
});
