import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../http';
import type { FaultSwitch, ReplyRecorder } from '../recorder';

/**
 * JD product comments as JOS serves them to a shop (Huixin polls them):
 * - jingdong.pop.PopCommentJsfService.getVenderCommentsForJos: the store's comments created
 *   in [beginTime, endTime] (GMT+8), paged (pageSize ≤ 50), as PopCommentJosVo objects
 *   (commentId, skuid, skuName, content, creationTime, score, images[{id, imgUrl, imgTitle}],
 *   replies, isVenderReply, nickName, orderId, open_id_buyer).
 * - jingdong.pop.PopCommentJsfService.saveReply: the shop's answer (commentId, content),
 *   recorded like every platform's replies; answered `{ resultCode: "1" }`, or for an unknown
 *   comment `{ resultCode: "0", resultMsg }`. Faults: refuse → resultCode "0" (not allowed),
 *   unavailable → HTTP 503, timeout → no answer, apply-then-timeout → the answer is saved on
 *   the comment (and recorded) but never answered.
 */

export interface JdEmulatedComment {
  commentId: string;
  skuid: string;
  skuName: string;
  content: string;
  createdAt: Date;
  score: number;
  orderId: string | null;
  buyerOpenId: string;
  images: string[];
  replies: Array<{ content: string; at: Date }>;
}

export class JdCommentBook {
  readonly #byStore = new Map<string, JdEmulatedComment[]>();
  #next = 880_000_000_000;

  post(storeId: string, comment: Omit<JdEmulatedComment, 'commentId' | 'replies'>): JdEmulatedComment {
    const stored: JdEmulatedComment = { ...comment, commentId: String(++this.#next), replies: [] };
    this.#byStore.set(storeId, [...(this.#byStore.get(storeId) ?? []), stored]);
    return stored;
  }

  of(storeId: string): readonly JdEmulatedComment[] {
    return this.#byStore.get(storeId) ?? [];
  }
}

const searchSchema = z.object({
  beginTime: z.string(),
  endTime: z.string(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
const replySchema = z.object({ commentId: z.string().min(1), content: z.string().min(1).max(500) });

function beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
const fromBeijing = (time: string): number => Date.parse(`${time.replace(' ', 'T')}+08:00`);

export interface JdCommentContext {
  storeId: string;
  book: JdCommentBook;
  replies: ReplyRecorder;
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
  fail(code: number, zh: string, en: string): void;
}

export function handleJdComments(method: string, businessJson: string, response: ServerResponse, context: JdCommentContext): void {
  let business: unknown;
  try {
    business = JSON.parse(businessJson);
  } catch {
    return context.fail(20, '参数错误', '360buy_param_json is not JSON');
  }
  const key = `${method.replaceAll('.', '_')}_responce`;
  if (method === 'jingdong.pop.PopCommentJsfService.getVenderCommentsForJos') {
    const search = searchSchema.safeParse(business);
    if (!search.success) return context.fail(20, '参数错误', 'beginTime/endTime/page/pageSize');
    const from = fromBeijing(search.data.beginTime);
    const to = fromBeijing(search.data.endTime);
    const matching = context.book.of(context.storeId).filter((c) => {
      const at = Math.floor(c.createdAt.getTime() / 1000) * 1000;
      return at >= from && at <= to;
    });
    const page = matching.slice((search.data.page - 1) * search.data.pageSize, search.data.page * search.data.pageSize);
    return sendJson(response, 200, {
      [key]: {
        code: '0',
        resultCode: '1',
        page: search.data.page,
        totalItem: matching.length,
        comments: page.map((c) => ({
          commentId: c.commentId,
          skuid: c.skuid,
          skuName: c.skuName,
          content: c.content,
          creationTime: beijing(c.createdAt),
          score: c.score,
          usefulCount: 0,
          nickName: `${c.buyerOpenId.slice(3, 4)}***${c.buyerOpenId.slice(-1)}`,
          orderId: c.orderId === null ? null : Number(c.orderId),
          open_id_buyer: c.buyerOpenId,
          isVenderReply: c.replies.length > 0,
          replyCount: c.replies.length,
          replies: c.replies.map((reply, index) => ({ replyId: index + 1, content: reply.content, creationTime: beijing(reply.at), nickName: '商家' })),
          // JD's CDN answers protocol-relative picture URLs; the emulator's are absolute (its own origin).
          images: c.images.map((imgUrl, index) => ({ id: index + 1, imgUrl, imgTitle: '' })),
          videos: [],
        })),
      },
    });
  }
  const reply = replySchema.safeParse(business);
  if (!reply.success) return context.fail(20, '参数错误', 'commentId and content (≤ 500 characters) are required');
  const fault = context.faults.take('jd');
  if (fault === 'timeout') return context.hold(response);
  if (fault === 'unavailable') return sendJson(response, 503, { message: 'service unavailable' });
  if (fault === 'refuse') return sendJson(response, 200, { [key]: { code: '0', resultCode: '0', resultMsg: '该评价不允许回复' } });
  const comment = context.book.of(context.storeId).find((c) => c.commentId === reply.data.commentId);
  if (!comment) return sendJson(response, 200, { [key]: { code: '0', resultCode: '0', resultMsg: `评价 ${reply.data.commentId} 不存在` } });
  comment.replies.push({ content: reply.data.content, at: new Date() });
  context.replies.record({
    platform: 'jd',
    storeId: context.storeId,
    // JD takes no idempotency key: each accepted answer is its own record.
    idempotencyKey: `${comment.commentId}:${comment.replies.length}`,
    method,
    fields: { commentId: reply.data.commentId, content: reply.data.content },
  });
  // The answer is on the comment (and in getVenderCommentsForJos), but its response is lost.
  if (fault === 'apply-then-timeout') return context.hold(response);
  return sendJson(response, 200, { [key]: { code: '0', resultCode: '1', resultMsg: '成功' } });
}
