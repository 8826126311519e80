import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CHINESE_NICKNAMES, CHINESE_QUESTIONS } from '../catalog';
import { readBody, sendJson } from '../http';
import type { FaultSwitch, ReplyRecorder } from '../recorder';
import type { EmulatedTokens } from '../tokens';
import type { Rng } from '../rng';
import { createRng } from '../rng';
import type { NativeRequest } from '../webhookDelivery';

/**
 * Plays Weibo for a brand account (server/connectors/weibo/mapping.ts has the sources):
 * - fan-service pushes: JSON `{ type, receiver_id, sender_id, created_at, text, data }` POSTed to
 *   Huixin's URL with `signature` = sha1(sorted [app secret, timestamp, nonce]), `timestamp`,
 *   `nonce` in the query; the GET URL verification with `echostr`.
 * - the brand's posts and fans' comments on them, served by GET /2/comments/to_me.json
 *   (since_id, count) and /2/comments/show.json (id), and answered through
 *   POST /2/comments/reply.json (cid, id, comment).
 * - POST /2/messages/reply.json (receiver_id, type=text, data={"text"}) for DM replies.
 * All API calls need the store's access token (else error_code 21332). Faults on the reply
 * calls: refuse → error_code 20019 (permanent), unavailable → error_code 10002 with HTTP 503, timeout,
 * apply-then-timeout → posted (recorded; a comment reply then shows in comments/show) and never answered.
 * The brand's comment replies are listed by comments/show (with `reply_comment`), not by
 * comments/to_me (comments the brand received).
 */

export interface WeiboEmulatedCredentials {
  appKey: string;
  appSecret: string;
  uid: string;
  accessToken: string;
}

interface Fan {
  uid: string;
  name: string;
}

interface Post {
  idstr: string;
  text: string;
  createdAt: Date;
}

interface Comment {
  idstr: string;
  storeId: string;
  post: Post;
  fan: Fan;
  text: string;
  createdAt: Date;
}

/** The brand's answer to a fan's comment: shown among the post's comments, with the comment it answers. */
interface BrandReply {
  idstr: string;
  storeId: string;
  answers: Comment;
  text: string;
  createdAt: Date;
}

const BRAND_POSTS = [
  '新品上市｜明前龙井限量 500 罐，评论区说说你最爱的喝法，抽 3 位送试饮装🍵',
  '双十一预售开启！今晚 8 点付定金立减 50，有问题评论区问我们～',
  '夏日防晒指南：SPF50+ 清爽不油腻，转发评论抽奖送正装',
];

const COMMENT_TEXTS = ['求链接！', '上次买的很好喝，回购了', '什么时候发货呀？', '抽我抽我🙏', '和店里卖的一样吗？', '有没有小样可以试？'];

/** Weibo's time format: "Mon Jul 16 18:09:20 +0800 2012" (Beijing time). */
export function weiboTime(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const bj = new Date(date.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[bj.getUTCDay()]} ${months[bj.getUTCMonth()]} ${pad(bj.getUTCDate())} ${pad(bj.getUTCHours())}:${pad(bj.getUTCMinutes())}:${pad(bj.getUTCSeconds())} +0800 ${bj.getUTCFullYear()}`;
}

export function weiboSignature(appSecret: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([appSecret, timestamp, nonce].sort().join(''), 'utf8').digest('hex');
}

export const WEIBO_API_PATHS = ['/2/messages/reply.json', '/2/comments/to_me.json', '/2/comments/show.json', '/2/comments/reply.json'] as const;

export class WeiboEmulation {
  private readonly rng: Rng;
  private readonly fans: Fan[];
  private readonly posts = new Map<string, Post[]>();
  private readonly comments: Comment[] = [];
  private readonly brandReplies: BrandReply[] = [];
  /** Comment and post ids: 16 digits, growing, as Weibo's. */
  private serial = 4_990_000_000_000_000n;

  constructor(seed: number) {
    this.rng = createRng(seed * 104_729 + 3);
    this.fans = CHINESE_NICKNAMES.map((name) => ({ uid: `${this.rng.int(1, 7)}${this.rng.digits(9)}`, name }));
  }

  private nextId(): string {
    this.serial += BigInt(this.rng.int(1, 5_000));
    return String(this.serial);
  }

  private fanNamed(name?: string): Fan {
    if (name === undefined) return this.rng.pick(this.fans);
    const known = this.fans.find((fan) => fan.name === name);
    if (known) return known;
    const fan = { uid: `6${this.rng.digits(9)}`, name };
    this.fans.push(fan);
    return fan;
  }

  private postsOf(storeId: string): Post[] {
    let list = this.posts.get(storeId);
    if (!list) {
      const now = Date.now();
      list = BRAND_POSTS.map((text, index) => ({ idstr: this.nextId(), text, createdAt: new Date(now - (BRAND_POSTS.length - index) * 3_600_000) }));
      this.posts.set(storeId, list);
    }
    return list;
  }

  /** A fan's direct message as a signed push (one per call; `now` sets created_at). */
  directMessage(storeId: string, credentials: WeiboEmulatedCredentials, input: { text?: string; fanName?: string }, now = new Date()): { request: NativeRequest; fan: Fan; text: string } {
    const fan = this.fanNamed(input.fanName);
    const text = input.text ?? this.rng.pick(CHINESE_QUESTIONS.any);
    const body = JSON.stringify({ type: 'text', receiver_id: Number(credentials.uid), sender_id: Number(fan.uid), created_at: weiboTime(now), text, data: {} });
    return { request: buildWeiboPush(storeId, 'text', body, credentials.appSecret), fan, text };
  }

  /** A fan comments on one of the brand's posts; Huixin reads it through comments/to_me. */
  comment(storeId: string, input: { text?: string; fanName?: string; postId?: string }): { commentId: string; postId: string; fanUid: string; text: string } {
    const posts = this.postsOf(storeId);
    const post = input.postId !== undefined ? posts.find((p) => p.idstr === input.postId) : this.rng.pick(posts);
    if (!post) throw new Error(`store ${storeId} has no Weibo post ${input.postId ?? ''}`);
    const fan = this.fanNamed(input.fanName);
    const comment: Comment = { idstr: this.nextId(), storeId, post, fan, text: input.text ?? this.rng.pick(COMMENT_TEXTS), createdAt: new Date() };
    this.comments.push(comment);
    return { commentId: comment.idstr, postId: post.idstr, fanUid: fan.uid, text: comment.text };
  }

  postIds(storeId: string): string[] {
    return this.postsOf(storeId).map((p) => p.idstr);
  }

  async handle(
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
    context: { stores(): Array<{ id: string; credentials: WeiboEmulatedCredentials }>; replies: ReplyRecorder; faults: FaultSwitch; hold(response: ServerResponse): void; tokens: EmulatedTokens },
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const form = request.method === 'POST' ? new URLSearchParams((await readBody(request)).toString('utf8')) : new URLSearchParams();
    const param = (name: string): string | null => url.searchParams.get(name) ?? form.get(name);
    const fail = (status: number, code: number, error: string): void => sendJson(response, status, { error, error_code: code, request: path });
    const token = param('access_token');
    const storeId = context.tokens.storeOf(token ?? undefined);
    const store = context.stores().find((s) => s.id === storeId);
    if (!store) return fail(403, 21332, 'invalid_access_token');
    // The fan-service token expires (about a year) and cannot be renewed: 21327 expired_token.
    if (context.tokens.check(store.id, token ?? undefined) === 'expired') return fail(403, 21327, 'expired_token');
    const view = (c: Comment) => ({
      created_at: weiboTime(c.createdAt),
      id: Number(c.idstr),
      idstr: c.idstr,
      text: c.text,
      user: { id: Number(c.fan.uid), idstr: c.fan.uid, screen_name: c.fan.name },
      status: { id: Number(c.post.idstr), idstr: c.post.idstr, text: c.post.text, user: { id: Number(store.credentials.uid), idstr: store.credentials.uid } },
    });
    const mine = this.comments.filter((c) => c.storeId === store.id);
    const brandView = (r: BrandReply) => ({
      created_at: weiboTime(r.createdAt),
      id: Number(r.idstr),
      idstr: r.idstr,
      text: r.text,
      user: { id: Number(store.credentials.uid), idstr: store.credentials.uid, screen_name: store.credentials.uid },
      status: view(r.answers).status,
      reply_comment: view(r.answers),
    });

    if (path === '/2/comments/to_me.json') {
      const since = BigInt(param('since_id') ?? '0');
      const count = Math.min(200, Number(param('count') ?? '50'));
      const list = mine.filter((c) => BigInt(c.idstr) > since).reverse().slice(0, count);
      return sendJson(response, 200, { comments: list.map(view), total_number: list.length });
    }
    if (path === '/2/comments/show.json') {
      const fans = mine.filter((c) => c.post.idstr === param('id')).map((c) => ({ at: c.idstr, body: view(c) }));
      const brand = this.brandReplies.filter((r) => r.storeId === store.id && r.answers.post.idstr === param('id')).map((r) => ({ at: r.idstr, body: brandView(r) }));
      // Newest first, as Weibo lists them.
      const list = [...fans, ...brand].sort((a, b) => (BigInt(b.at) > BigInt(a.at) ? 1 : BigInt(b.at) < BigInt(a.at) ? -1 : 0)).map((entry) => entry.body);
      return sendJson(response, 200, { comments: list, total_number: list.length });
    }

    const fault = context.faults.take('weibo');
    if (fault === 'timeout') return context.hold(response);
    if (fault === 'unavailable') return fail(503, 10002, 'Service unavailable');
    if (fault === 'refuse') return fail(400, 20019, 'repeated content');

    if (path === '/2/messages/reply.json') {
      const data = z.object({ text: z.string().min(1) }).safeParse(safeJson(param('data') ?? ''));
      const receiver = param('receiver_id');
      if (param('type') !== 'text' || !data.success || !receiver) return fail(400, 10008, 'param error');
      const messageId = this.nextId();
      // No idempotency key on Weibo: every accepted call is a message of its own.
      context.replies.record({ platform: 'weibo', storeId: store.id, idempotencyKey: `dm:${messageId}`, method: 'messages/reply', fields: { receiver_id: receiver, type: 'text', text: data.data.text } });
      if (fault === 'apply-then-timeout') return context.hold(response);
      return sendJson(response, 200, { result: true, sender_id: store.credentials.uid, receiver_id: receiver, idstr: messageId });
    }
    // comments/reply
    const cid = param('cid');
    const postId = param('id');
    const text = param('comment');
    const target = mine.find((c) => c.idstr === cid && c.post.idstr === postId);
    if (!text) return fail(400, 10008, 'param error');
    if (!target) return fail(400, 20101, 'target weibo does not exist');
    const reply: BrandReply = { idstr: this.nextId(), storeId: store.id, answers: target, text, createdAt: new Date() };
    this.brandReplies.push(reply);
    context.replies.record({ platform: 'weibo', storeId: store.id, idempotencyKey: `comment:${reply.idstr}`, method: 'comments/reply', fields: { cid: target.idstr, id: target.post.idstr, comment: text } });
    if (fault === 'apply-then-timeout') return context.hold(response);
    return sendJson(response, 200, brandView(reply));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A push with any body, signed with `appSecret` (a wrong one for forgeries). */
export function buildWeiboPush(storeId: string, label: string, body: string, appSecret: string): NativeRequest {
  const timestamp = String(Date.now());
  const nonce = String(Math.floor(Math.random() * 1e8));
  return {
    storeId,
    platform: 'weibo',
    label,
    method: 'POST',
    query: { signature: weiboSignature(appSecret, timestamp, nonce), timestamp, nonce },
    headers: { 'content-type': 'application/json;charset=utf-8' },
    body,
  };
}

/** The GET URL verification Weibo sends when developer mode is saved. */
export function weiboHandshake(storeId: string, appSecret: string): NativeRequest {
  const timestamp = String(Date.now());
  const nonce = String(Math.floor(Math.random() * 1e8));
  const echostr = `echo${Math.floor(Math.random() * 1e10).toString(36)}`;
  return { storeId, platform: 'weibo', label: 'verify', method: 'GET', query: { signature: weiboSignature(appSecret, timestamp, nonce), timestamp, nonce, echostr }, headers: {}, body: '' };
}
