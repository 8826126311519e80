import { z } from 'zod';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { describeZodError } from '../json';
import type { JdCredentials } from './credentials';
import { subscribeJosWindowPolling, type JosWindowPollerOptions, type JosWindowSearch } from './josWindowPoller';
import { jdCommentSchema, mapJdComment } from './mapping';
import { josTime } from './sign';

/**
 * JD product comments (reviews), polled like the orders and for the same reason: JD pushes
 * nothing to apps outside its cloud (see poller.ts). Every `pollSeconds` Huixin asks
 * jingdong.pop.PopCommentJsfService.getVenderCommentsForJos for the comments created in a
 * window (beginTime/endTime, GMT+8) that overlaps the previous one by two intervals; each
 * comment is one dedupe key, so a re-read is stored once. The cursor moves only after every
 * page was delivered, and saved (poll_cursors), so a restart resumes where the last stored
 * round ended, a long outage read back a day at a time. A new store's first window looks
 * back one day (comments are fewer and less urgent than orders, and a buyer may write one
 * long after the order).
 *
 * Answer (public SDK, PopPopCommentJsfServiceGetVenderCommentsForJosResponse):
 * `…_responce: { comments: PopCommentJosVo[], totalItem, page, resultCode, resultMsg }`.
 */

export const JD_COMMENTS_METHOD = 'jingdong.pop.PopCommentJsfService.getVenderCommentsForJos';
const PAGE_SIZE = 50; // the method's maximum
const MAX_PAGES = 40;

export type JdCommentPollerOptions = JosWindowPollerOptions;

const answerSchema = z
  .object({
    comments: z.array(z.unknown()).nullish(),
    totalItem: z.coerce.number().int().nonnegative().nullish(),
    resultMsg: z.string().max(2000).nullish(),
  })
  .loose();

const COMMENT_SEARCH: JosWindowSearch = {
  source: 'comments',
  label: 'JOS comment search',
  subject: 'JD comments',
  method: JD_COMMENTS_METHOD,
  defaultLookbackMs: 86_400_000,
  maxWindowMs: 86_400_000,
  maxPages: MAX_PAGES,
  params: (window, page) => ({ beginTime: josTime(window.start), endTime: josTime(window.end), score: 0, page, pageSize: PAGE_SIZE }),
  readPage(answer, page) {
    const result = answerSchema.safeParse(answer);
    if (!result.success) return { ok: false, error: describeZodError(result.error) };
    const comments = result.data.comments ?? [];
    return { ok: true, items: comments, last: comments.length < PAGE_SIZE || page * PAGE_SIZE >= (result.data.totalItem ?? 0) };
  },
  mapItem(raw) {
    const comment = jdCommentSchema.safeParse(raw);
    if (!comment.success) return { kind: 'error', error: `JD comment: ${describeZodError(comment.error)}` };
    return mapJdComment(comment.data);
  },
};

export function subscribeJdCommentPolling(
  store: ConnectorStore<JdCredentials>,
  sink: MessageServiceSink,
  log: ConnectorLog,
  options: JdCommentPollerOptions = {},
): MessageServiceSubscription {
  return subscribeJosWindowPolling(store, sink, log, COMMENT_SEARCH, options);
}
