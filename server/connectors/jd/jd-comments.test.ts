import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewSchema } from '../../../shared';
import { DEMO_STORE_IDS } from '../../demo/demo-topology';
import { startPlatformStack, type PlatformStack } from '../../testing/platform-stack';
import { connectorFor } from '../index';
import type { ConnectorStore, ReplyTarget } from '../types';
import { jdCommentSchema, mapJdComment } from './mapping';

/**
 * JD comments contract: the emulator serves jingdong.pop.PopCommentJsfService.
 * getVenderCommentsForJos and saveReply; the real server polls the demo JD store's
 * comments into review records, and answers go back through saveReply.
 */
const STORE = DEMO_STORE_IDS.jdAppliances;

const comment = (overrides: Record<string, unknown> = {}) =>
  jdCommentSchema.parse({
    commentId: 880000000123,
    skuid: 100012345678,
    skuName: '小厨 多功能料理锅',
    content: '锅很好用，颜值高',
    creationTime: '2024-05-03 09:30:00',
    score: 5,
    nickName: 'j***k',
    orderId: 312345678901,
    open_id_buyer: 'jd_abcdef123456',
    isVenderReply: false,
    images: [
      { id: 1, imgUrl: '//img30.360buyimg.com/shaidan/jfs/t1/a.jpg', imgTitle: '' },
      { id: 2, imgUrl: 'http://img30.360buyimg.com/shaidan/jfs/t1/b.jpg' },
    ],
    replies: [],
    ...overrides,
  });

describe('JD comment mapping', () => {
  it('maps a comment to a review of the order’s buyer, with its pictures as https, product and order', () => {
    expect(mapJdComment(comment())).toEqual({
      kind: 'event',
      event: {
        type: 'review.received',
        dedupeKey: 'jd:comment:880000000123',
        customer: { platformUserId: 'jd_abcdef123456', nickname: '京东用户 3456', locale: 'zh-CN', email: null },
        platformReviewId: '880000000123',
        rating: 5,
        body: '锅很好用，颜值高',
        productTitle: '小厨 多功能料理锅',
        platformProductId: '100012345678',
        platformOrderId: '312345678901',
        images: [{ url: 'https://img30.360buyimg.com/shaidan/jfs/t1/a.jpg' }, { url: 'https://img30.360buyimg.com/shaidan/jfs/t1/b.jpg' }],
        sellerReply: null,
        sentAt: '2024-05-03T09:30:00+08:00',
      },
    });
  });

  it('keeps the shop’s answer already given in JD’s workbench, and takes epoch-millisecond times', () => {
    const mapped = mapJdComment(comment({ isVenderReply: true, replies: [{ replyId: 1, content: '感谢支持', creationTime: '2024-05-03 10:00:00' }], creationTime: 1714699800000 }));
    expect(mapped).toMatchObject({ kind: 'event', event: { sellerReply: { body: '感谢支持', at: '2024-05-03T10:00:00+08:00' }, sentAt: '2024-05-03T01:30:00.000Z' } });
  });

  it('reports malformed comments clearly: no buyer, a bad time, a score out of range', () => {
    expect(mapJdComment(comment({ open_id_buyer: undefined }))).toEqual({ kind: 'error', error: expect.stringContaining('open_id_buyer') });
    expect(mapJdComment(comment({ creationTime: 'yesterday' }))).toEqual({ kind: 'error', error: expect.stringContaining('yyyy-MM-dd') });
    expect(jdCommentSchema.safeParse({ ...comment(), score: 7 }).success).toBe(false);
    expect(jdCommentSchema.safeParse({ ...comment(), commentId: undefined }).success).toBe(false);
  });
});

describe('JD comments polled into the real server, answered through saveReply', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({ seed: 43 });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const eventually = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const reviewOf = async (commentId: string) => {
    const rows = await stack.server.database.query<{ id: string }>('SELECT id FROM reviews WHERE store_id = $1 AND platform_review_id = $2', [STORE, commentId]);
    if (!rows[0]) return null;
    const [change] = await stack.server.database.query<{ data: unknown }>(
      "SELECT data FROM changes WHERE stream = $1 AND entity = 'review' AND entity_id = $2 ORDER BY seq DESC LIMIT 1",
      [`store:${STORE}`, rows[0].id],
    );
    return change ? reviewSchema.parse(change.data) : null;
  };
  const deliveriesOf = async (commentId: string) =>
    (await stack.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_deliveries WHERE store_id = $1 AND dedupe_key = $2', [STORE, `jd:comment:${commentId}`]))[0]?.n ?? -1;
  const storeView = (): ConnectorStore => ({ id: STORE, platform: 'jd', name: '小厨电器', currency: 'CNY', credentials: stack.emulator.credentialsFor(STORE) });
  const target = (commentId: string, body: string): ReplyTarget => ({
    messageId: `jd-reply-${commentId}-${body.length}`,
    body,
    conversationKind: 'review',
    customerPlatformUserId: 'jd_abc',
    customerNickname: '京东用户 _abc',
    customerEmail: null,
    platformThreadId: commentId,
    platformOrderId: null,
    platformReviewId: commentId,
  });

  it('stores a low-rated comment with its pictures once, however often it is re-read, on the buyer of the order', async () => {
    const placed = await stack.emulator.placeOrder({ storeId: STORE });
    await stack.emulator.advanceOrder({ storeId: STORE, orderId: placed.orderId ?? '', step: 'pay' });
    const posted = stack.emulator.postJdComment({ storeId: STORE, orderId: placed.orderId ?? '', rating: 1, text: '收到就坏了，很失望', images: 2 });
    await eventually(async () => (await reviewOf(posted.commentId)) !== null, 'the comment as a review');
    const review = await reviewOf(posted.commentId);
    expect(review).toMatchObject({ rating: 1, body: '收到就坏了，很失望', platformOrderId: placed.orderId, flagReason: 'low_rating', sellerReply: null });
    expect(review?.images.map((image) => image.url)).toEqual(posted.images);
    expect(review?.productTitle).not.toBe('');
    // The buyer of the comment is the buyer of the order: one customer.
    await eventually(async () => (await stack.server.database.query('SELECT 1 FROM orders WHERE store_id = $1 AND platform_order_id = $2', [STORE, placed.orderId])).length > 0, 'the order');
    const [customerOfOrder] = await stack.server.database.query<{ customer_id: string }>('SELECT customer_id FROM orders WHERE store_id = $1 AND platform_order_id = $2', [STORE, placed.orderId]);
    expect(review?.customerId).toBe(customerOfOrder?.customer_id);
    const [thread] = await stack.server.database.query<{ tags: string[] }>('SELECT tags FROM conversations WHERE id = $1', [review?.conversationId]);
    expect(thread?.tags).toContain('negative-review');
    // Each poll window overlaps the last two: the comment is read again in later rounds.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await deliveriesOf(posted.commentId)).toBe(1);
  }, 60_000);

  it('answers a comment with saveReply: accepted → recorded by JD; refused and unknown comments → permanent', async () => {
    const connector = connectorFor('jd')!;
    expect(connector.capabilities).toMatchObject({ reviewsIn: true, reviewReply: true, chatOut: false });
    const posted = stack.emulator.postJdComment({ storeId: STORE, rating: 4, text: '还不错' });
    expect(await connector.sendReply(storeView(), target(posted.commentId, '感谢您的支持！'), AbortSignal.timeout(5000))).toEqual({ ok: true, platformMessageId: null });
    expect(stack.emulator.replies('jd').filter((r) => r.fields.commentId === posted.commentId)).toEqual([
      expect.objectContaining({ method: 'jingdong.pop.PopCommentJsfService.saveReply', fields: { commentId: posted.commentId, content: '感谢您的支持！' } }),
    ]);

    stack.emulator.setFault({ platform: 'jd', mode: 'refuse', count: 1 });
    expect(await connector.sendReply(storeView(), target(posted.commentId, '第二次回复'), AbortSignal.timeout(5000))).toEqual({
      ok: false,
      permanent: true,
      reason: expect.stringContaining('该评价不允许回复'),
    });
    expect(await connector.sendReply(storeView(), target('999', '回复不存在的评价'), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: true });
    stack.emulator.setFault({ platform: 'jd', mode: 'unavailable', count: 1 });
    expect(await connector.sendReply(storeView(), target(posted.commentId, '服务不可用'), AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: false });
    // Chat and order threads still have no way out on JD.
    expect(await connector.sendReply(storeView(), { ...target(posted.commentId, 'x'), conversationKind: 'order' }, AbortSignal.timeout(5000))).toMatchObject({ ok: false, permanent: true });
  }, 60_000);
});
