import { z } from 'zod';
import type { ConnectorStore, DeliveryCheck, ReplyTarget } from '../types';
import { describeZodError } from '../json';
import { enteredTokenOnly } from '../tokens/types';
import { JD_COMMENTS_METHOD } from './commentPoller';
import { jdCredentialsSchema } from './credentials';
import type { JdCredentials } from './credentials';
import { callJosWithToken, josResponseKey } from './jos';
import { jdCommentSchema } from './mapping';
import { josTime, josTimeToIso } from './sign';

/**
 * Was an earlier saveReply carried out although its answer was lost? JD takes no idempotency
 * key, but the comment itself shows the shop's answers: getVenderCommentsForJos returns each
 * comment with `replies` (PopCommentReplyVo: content, creationTime) and `isVenderReply` — the
 * fields the comment poller reads (mapping.ts, mapJdComment). JOS searches comments by their
 * creation time only (beginTime/endTime; no comment-id filter is public), so the comment is
 * looked up in a window of a few seconds around the time the buyer wrote it
 * (`ReplyTarget.reviewWrittenAt`, from the stored review).
 *
 * Delivered = the shop's reply on that comment has exactly this text and was not written
 * before the agent wrote this message (an identical older answer is not this one).
 */
const WINDOW_MS = 2_000;
const PAGE_SIZE = 50;
const MAX_PAGES = 5;
/** JD's clock and ours may differ a little; an answer that much older than our message still counts. */
const CLOCK_SLACK_MS = 5 * 60_000;

const answerSchema = z.object({ comments: z.array(z.unknown()).nullish(), totalItem: z.coerce.number().int().nonnegative().nullish() }).loose();

export async function wasJdCommentAnswered(store: ConnectorStore<JdCredentials>, target: ReplyTarget, signal: AbortSignal): Promise<DeliveryCheck> {
  const credentials = jdCredentialsSchema.safeParse(store.credentials);
  if (!credentials.success) return { delivered: 'unknown', permanent: true, reason: 'store has invalid JD credentials' };
  const commentId = target.platformReviewId ?? target.platformThreadId;
  const writtenAt = target.reviewWrittenAt ? Date.parse(target.reviewWrittenAt) : Number.NaN;
  if (!commentId || Number.isNaN(writtenAt)) {
    return { delivered: 'unknown', permanent: true, reason: 'the JD comment’s id or creation time is not known, so its replies cannot be read' };
  }
  const tokens = store.tokens ?? enteredTokenOnly(credentials.data.accessToken);
  const notBefore = target.writtenAt ? Date.parse(target.writtenAt) - CLOCK_SLACK_MS : Number.NEGATIVE_INFINITY;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await callJosWithToken(
      credentials.data,
      tokens,
      JD_COMMENTS_METHOD,
      { beginTime: josTime(new Date(writtenAt - WINDOW_MS)), endTime: josTime(new Date(writtenAt + WINDOW_MS)), score: 0, page, pageSize: PAGE_SIZE },
      signal,
    );
    if (!result.ok) return { delivered: 'unknown', permanent: false, reason: result.reason };
    const answer = answerSchema.safeParse(result.body[josResponseKey(JD_COMMENTS_METHOD)]);
    if (!answer.success) return { delivered: 'unknown', permanent: false, reason: `unexpected JOS comment search answer: ${describeZodError(answer.error)}` };
    const comments = answer.data.comments ?? [];
    for (const raw of comments) {
      const comment = jdCommentSchema.safeParse(raw);
      if (!comment.success || comment.data.commentId !== commentId) continue;
      if (comment.data.isVenderReply === false) return { delivered: false };
      const ours = (comment.data.replies ?? []).some((reply) => reply.content.trim() === target.body.trim() && writtenNotBefore(reply.creationTime, notBefore));
      return ours ? { delivered: true, platformMessageId: null } : { delivered: false };
    }
    if (comments.length < PAGE_SIZE || page * PAGE_SIZE >= (answer.data.totalItem ?? 0)) break;
  }
  return { delivered: 'unknown', permanent: true, reason: `JD comment ${commentId} is no longer listed by JOS (deleted or hidden?)` };
}

function writtenNotBefore(time: string | number | null | undefined, notBefore: number): boolean {
  if (time === null || time === undefined) return true; // JD left the time out: the text decides
  const at = typeof time === 'number' ? time : Date.parse(josTimeToIso(time) ?? '');
  return Number.isNaN(at) || at >= notBefore;
}
