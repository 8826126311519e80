import { z } from 'zod';
import type { ConnectorStore, DeliveryCheck, ReplyTarget } from '../types';
import { enteredTokenOnly } from '../tokens/types';
import { weiboCredentialsSchema } from './credentials';
import type { WeiboCredentials } from './credentials';
import { readPostComments } from './postComments';

/**
 * Was an earlier comments/reply carried out although its answer was lost? Weibo takes no
 * idempotency key, but the post's comments (GET 2/comments/show.json?id=<post>, the same read
 * the reply makes first, send.ts) list the brand's own replies, each with `reply_comment`: the
 * comment it answers (open.weibo.com/wiki/2/comments/show, 评论的返回字段 reply_comment).
 *
 * Delivered = a comment by the brand's uid answering one of this fan's comments, with this
 * text, written no earlier than the agent wrote the message (less some clock slack). Weibo
 * shows a reply to a comment as "回复@<name>:<text>" on its pages; that form is matched too.
 */
const CLOCK_SLACK_MS = 5 * 60_000;

const answeredSchema = z.object({ user: z.object({ idstr: z.string().regex(/^\d{1,20}$/) }).loose() }).loose();

export async function wasWeiboCommentAnswered(store: ConnectorStore<WeiboCredentials>, target: ReplyTarget, signal: AbortSignal): Promise<DeliveryCheck> {
  const parsed = weiboCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) return { delivered: 'unknown', permanent: true, reason: 'store has invalid Weibo credentials' };
  const credentials = parsed.data;
  const postId = target.platformThreadId;
  if (postId === null) return { delivered: 'unknown', permanent: true, reason: 'the comment thread has no Weibo post id' };
  const tokens = store.tokens ?? enteredTokenOnly(credentials.accessToken);
  const list = await readPostComments(credentials, tokens, postId, signal);
  if (!list.ok) return { delivered: 'unknown', permanent: list.permanent, reason: list.reason };
  const notBefore = target.writtenAt ? Date.parse(target.writtenAt) - CLOCK_SLACK_MS : Number.NEGATIVE_INFINITY;
  for (const comment of list.comments) {
    if (comment.user.idstr !== credentials.uid) continue;
    const answered = answeredSchema.safeParse(comment.reply_comment);
    if (!answered.success || answered.data.user.idstr !== target.customerPlatformUserId) continue;
    if (!sameReplyText(comment.text, target.body) || Date.parse(comment.created_at) < notBefore) continue;
    return { delivered: true, platformMessageId: comment.idstr };
  }
  return { delivered: false };
}

function sameReplyText(shown: string, sent: string): boolean {
  const body = sent.trim();
  const text = shown.trim();
  if (text === body) return true;
  const quoted = /^回复@[^:：]{1,64}[:：](.*)$/su.exec(text);
  return quoted?.[1]?.trim() === body;
}
