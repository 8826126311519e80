import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, mutationAckSchema } from '../../shared';
import { DEMO_STORE_IDS } from '../demo/demo-topology';
import { startPlatformStack, type PlatformStack } from '../testing/platform-stack';
import type { SyncClient } from '../testing/test-server';
import { MAY_HAVE_BEEN_DELIVERED } from './outbound-dispatcher';

/**
 * Replies to platforms without an idempotency key (WeChat, Weibo, JD) must not reach the buyer
 * twice. The emulator plays the worst case, 'apply-then-timeout': the platform posts the reply
 * and its answer never comes. Through the real dispatcher, connectors and database:
 * - what can be read back (Weibo comment replies, JD comment replies) is found on the
 *   platform before a retry and marked sent, posted once;
 * - what cannot (WeChat and Weibo DMs) is failed with a reason for the agent, not retried;
 * - a failure before anything was applied (HTTP 503) is still retried and delivered once.
 */
const WECHAT = DEMO_STORE_IDS.wechatTea;
const WEIBO = DEMO_STORE_IDS.weiboBrand;
const JD = DEMO_STORE_IDS.jdAppliances;

let stack: PlatformStack;
let client: SyncClient;

beforeAll(async () => {
  stack = await startPlatformStack(
    { seed: 71 },
    { outbound: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4, sendTimeoutMs: 1_500, concurrency: 4, pollIntervalMs: 500 } },
  );
  const agent = await stack.server.addUser('dupes-agent', 'agent');
  for (const store of [WECHAT, WEIBO, JD]) await stack.server.grant(store, agent.id);
  client = await stack.server.connect((await stack.server.login('dupes-agent')).token);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The conversation an inbound message landed in (the platform pushed it or Huixin polled it). */
async function conversationOf(storeId: string, inboundBody: string): Promise<string> {
  const rows = await eventually(
    () =>
      stack.server.database.query<{ id: string }>(
        "SELECT m.conversation_id AS id FROM messages m WHERE m.store_id = $1 AND m.body = $2 AND m.direction = 'in'",
        [storeId, inboundBody],
      ),
    (r) => r.length === 1,
    `the inbound message "${inboundBody}"`,
  );
  return rows[0]!.id;
}

/** Sends a reply as the app does (message.send through the socket). */
async function reply(conversationId: string, body: string): Promise<string> {
  const messageId = randomUUID();
  const ack = mutationAckSchema.parse(
    await client.request(SyncEvents.mutate, {
      mutationId: randomUUID(),
      createdAt: new Date().toISOString(),
      payload: { type: 'message.send', conversationId, messageId, body },
    }),
  );
  expect(ack.status).toBe('applied');
  return messageId;
}

interface Outcome {
  delivery: string;
  failure_reason: string | null;
  platform_message_id: string | null;
  jobs: number;
}

async function outcomeOf(messageId: string): Promise<Outcome> {
  return (
    await eventually(
      () =>
        stack.server.database.query<Outcome>(
          `SELECT delivery, failure_reason, platform_message_id,
                  (SELECT count(*)::int FROM outbound_jobs WHERE message_id = m.id) AS jobs
             FROM messages m WHERE id = $1`,
          [messageId],
        ),
      (r) => r[0] !== undefined && r[0].delivery !== 'pending',
      `message ${messageId} to leave pending`,
    )
  )[0]!;
}

/** The emulator's fault switches still set: a counted fault that fired is gone. */
async function faultsLeft(): Promise<unknown[]> {
  const state = (await (await fetch(`${stack.emulator.url}/__emulator/state`)).json()) as { faults: unknown[] };
  return state.faults;
}

describe('replies to platforms without an idempotency key', () => {
  it('Weibo comment reply applied then unanswered: found in the post’s comments, marked sent, posted once', async () => {
    const comment = stack.emulator.postWeiboComment({ storeId: WEIBO, text: '请问还有货吗？', buyerNick: '爱喝茶的小鹿' });
    const conversationId = await conversationOf(WEIBO, '请问还有货吗？');
    stack.emulator.setFault({ platform: 'weibo', mode: 'apply-then-timeout', count: 1 });
    const body = '有货的，今天下单明天发～';
    const outcome = await outcomeOf(await reply(conversationId, body));
    expect(await faultsLeft()).toEqual([]); // the reply call did hit the fault
    expect(outcome).toMatchObject({ delivery: 'sent', failure_reason: null, jobs: 0, platform_message_id: expect.stringMatching(/^\d{16}$/) });
    expect(stack.emulator.replies('weibo').filter((r) => r.method === 'comments/reply' && r.fields.comment === body)).toEqual([
      expect.objectContaining({ fields: { cid: comment.commentId, id: comment.postId, comment: body } }),
    ]);
  }, 60_000);

  it('WeChat DM applied then unanswered: failed with the reason, delivered once, not retried', async () => {
    await stack.emulator.sendBuyerMessage({ storeId: WECHAT, text: '茶叶什么时候到？' });
    const conversationId = await conversationOf(WECHAT, '茶叶什么时候到？');
    stack.emulator.setFault({ platform: 'wechat', mode: 'apply-then-timeout', count: 1 });
    const body = '已经发出，明天到。';
    const outcome = await outcomeOf(await reply(conversationId, body));
    expect(outcome.delivery).toBe('failed');
    expect(outcome.failure_reason).toContain(MAY_HAVE_BEEN_DELIVERED);
    expect(outcome.failure_reason).toContain('did not answer in time');
    expect(outcome.jobs).toBe(0); // nothing left to retry
    expect(stack.emulator.replies('wechat').filter((r) => r.fields.content === body)).toHaveLength(1);
  }, 60_000);

  it('Weibo DM applied then unanswered: failed with the reason, delivered once', async () => {
    await stack.emulator.sendBuyerMessage({ storeId: WEIBO, text: '私信问一下，包邮吗？' });
    const conversationId = await conversationOf(WEIBO, '私信问一下，包邮吗？');
    stack.emulator.setFault({ platform: 'weibo', mode: 'apply-then-timeout', count: 1 });
    const body = '全国包邮哦。';
    const outcome = await outcomeOf(await reply(conversationId, body));
    expect(outcome).toMatchObject({ delivery: 'failed', jobs: 0 });
    expect(outcome.failure_reason).toContain(MAY_HAVE_BEEN_DELIVERED);
    expect(stack.emulator.replies('weibo').filter((r) => r.method === 'messages/reply' && r.fields.text === body)).toHaveLength(1);
  }, 60_000);

  it('a 503 before anything was applied is still retried and delivered once (Weibo DM, WeChat -1)', async () => {
    await stack.emulator.sendBuyerMessage({ storeId: WEIBO, text: '还在吗？' });
    const weiboConversation = await conversationOf(WEIBO, '还在吗？');
    stack.emulator.setFault({ platform: 'weibo', mode: 'unavailable', count: 1 });
    const weiboBody = '在的，您请说。';
    expect(await outcomeOf(await reply(weiboConversation, weiboBody))).toMatchObject({ delivery: 'sent', failure_reason: null });
    expect(await faultsLeft()).toEqual([]);
    expect(stack.emulator.replies('weibo').filter((r) => r.fields.text === weiboBody)).toHaveLength(1);

    await stack.emulator.sendBuyerMessage({ storeId: WECHAT, text: '客服在吗' });
    const wechatConversation = await conversationOf(WECHAT, '客服在吗');
    stack.emulator.setFault({ platform: 'wechat', mode: 'unavailable', count: 1 });
    const wechatBody = '在的，请讲。';
    expect(await outcomeOf(await reply(wechatConversation, wechatBody))).toMatchObject({ delivery: 'sent', failure_reason: null });
    expect(stack.emulator.replies('wechat').filter((r) => r.fields.content === wechatBody)).toHaveLength(1);
  }, 60_000);

  it('JD comment reply applied then unanswered: read back from the comment’s replies, marked sent, posted once', async () => {
    const order = await stack.emulator.placeOrder({ storeId: JD });
    await stack.emulator.advanceOrder({ storeId: JD, orderId: order.orderId ?? '', step: 'pay' });
    const posted = stack.emulator.postJdComment({ storeId: JD, orderId: order.orderId ?? '', rating: 2, text: '包装破了，锅有划痕' });
    const [review] = await eventually(
      () => stack.server.database.query<{ conversation_id: string }>('SELECT conversation_id FROM reviews WHERE store_id = $1 AND platform_review_id = $2', [JD, posted.commentId]),
      (r) => r.length === 1,
      'the JD comment as a review',
    );
    stack.emulator.setFault({ platform: 'jd', mode: 'apply-then-timeout', count: 1 });
    const body = '非常抱歉，已为您安排换新。';
    const outcome = await outcomeOf(await reply(review!.conversation_id, body));
    expect(await faultsLeft()).toEqual([]);
    expect(outcome).toMatchObject({ delivery: 'sent', failure_reason: null, jobs: 0 });
    expect(stack.emulator.replies('jd').filter((r) => r.fields.commentId === posted.commentId)).toEqual([
      expect.objectContaining({ fields: { commentId: posted.commentId, content: body } }),
    ]);
  }, 60_000);
});
