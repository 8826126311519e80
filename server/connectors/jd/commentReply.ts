import { z } from 'zod';
import type { ConnectorStore, ReplyTarget, SendResult } from '../types';
import { describeZodError } from '../json';
import { enteredTokenOnly } from '../tokens/types';
import { jdCredentialsSchema } from './credentials';
import type { JdCredentials } from './credentials';
import { callJosWithToken, josResponseKey } from './jos';

/**
 * The shop's public answer to a JD comment: jingdong.pop.PopCommentJsfService.saveReply
 * (JD's public Java SDK, PopPopCommentJsfServiceSaveReplyRequest: commentId, content,
 * replyId for answering a reply — not used; the answer is to the comment itself).
 * The answer is `…_responce: { resultCode, resultMsg }`. JOS does not publish the codes'
 * values: Huixin takes resultCode "1" as accepted and any other code as a refusal with
 * JD's resultMsg (verify against a live store). JOS errors follow jos.ts's classes. JD
 * takes no idempotency key: a call that went out unanswered comes back `mayHaveApplied`, and
 * before retrying it the dispatcher reads the comment back (commentReadBack.ts).
 */
export const JD_COMMENT_REPLY_METHOD = 'jingdong.pop.PopCommentJsfService.saveReply';
export const JD_COMMENT_REPLY_ACCEPTED = '1';

const answerSchema = z.object({ resultCode: z.union([z.string(), z.number()]).transform(String), resultMsg: z.string().max(2000).nullish() }).loose();

export async function sendJdCommentReply(store: ConnectorStore<JdCredentials>, target: ReplyTarget, signal: AbortSignal): Promise<SendResult> {
  const credentials = jdCredentialsSchema.safeParse(store.credentials);
  if (!credentials.success) return { ok: false, permanent: true, reason: 'store has invalid JD credentials' };
  const commentId = target.platformReviewId ?? target.platformThreadId;
  if (!commentId) return { ok: false, permanent: true, reason: 'a JD comment reply needs the comment id' };
  const tokens = store.tokens ?? enteredTokenOnly(credentials.data.accessToken);
  const result = await callJosWithToken(credentials.data, tokens, JD_COMMENT_REPLY_METHOD, { commentId, content: target.body }, signal);
  if (!result.ok) {
    const mayHaveApplied = 'mayHaveApplied' in result && result.mayHaveApplied === true;
    return { ok: false, permanent: result.permanent, reason: result.reason, ...(mayHaveApplied ? { mayHaveApplied } : {}) };
  }
  const answer = answerSchema.safeParse(result.body[josResponseKey(JD_COMMENT_REPLY_METHOD)]);
  // JD answered, but not in a shape we know: the reply may well be posted.
  if (!answer.success) return { ok: false, permanent: false, reason: `unexpected JOS answer: ${describeZodError(answer.error)}`, mayHaveApplied: true };
  if (answer.data.resultCode !== JD_COMMENT_REPLY_ACCEPTED) {
    return { ok: false, permanent: true, reason: `JD did not accept the reply (${answer.data.resultCode}): ${answer.data.resultMsg ?? ''}` };
  }
  return { ok: true, platformMessageId: null };
}
