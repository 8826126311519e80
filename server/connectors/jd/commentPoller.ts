import { z } from 'zod';
import type { InboundEvent } from '../../../shared';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { describeZodError } from '../json';
import { logFailedRound, startPollLoop, timeWindowCursor } from '../pollLoop';
import { enteredTokenOnly } from '../tokens/types';
import { jdCredentialsSchema } from './credentials';
import type { JdCredentials } from './credentials';
import { callJosWithToken, josResponseKey } from './jos';
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

export interface JdCommentPollerOptions {
  lookbackMs?: number;
  apiTimeoutMs?: number;
  now?: () => Date;
}

const answerSchema = z
  .object({
    comments: z.array(z.unknown()).nullish(),
    totalItem: z.coerce.number().int().nonnegative().nullish(),
    resultMsg: z.string().max(2000).nullish(),
  })
  .loose();

export function subscribeJdCommentPolling(
  store: ConnectorStore<JdCredentials>,
  sink: MessageServiceSink,
  log: ConnectorLog,
  options: JdCommentPollerOptions = {},
): MessageServiceSubscription {
  const parsed = jdCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) {
    log.error('JD store has invalid credentials; not polling JOS comments', { storeId: store.id, error: describeZodError(parsed.error) });
    return { close: async () => {} };
  }
  const credentials = parsed.data;
  const tokens = store.tokens ?? enteredTokenOnly(credentials.accessToken);
  const now = options.now ?? (() => new Date());
  const intervalMs = credentials.pollSeconds * 1000;
  const overlapMs = 2 * intervalMs;
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
  const cursor = timeWindowCursor({
    cursors: sink.cursors,
    source: 'comments',
    lookbackMs: options.lookbackMs ?? 86_400_000,
    overlapMs,
    maxWindowMs: 86_400_000,
    now,
  });

  const pollOnce = async (inFlight: AbortSignal): Promise<void | 'again'> => {
    const window = await cursor.next();
    const [windowStart, windowEnd] = [window.start, window.end];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await callJosWithToken(
        credentials,
        tokens,
        JD_COMMENTS_METHOD,
        { beginTime: josTime(windowStart), endTime: josTime(windowEnd), score: 0, page, pageSize: PAGE_SIZE },
        AbortSignal.any([AbortSignal.timeout(apiTimeoutMs), inFlight]),
      );
      if (!answer.ok) {
        logFailedRound(log, store.id, 'JOS comment search', answer);
        return;
      }
      const result = answerSchema.safeParse(answer.body[josResponseKey(JD_COMMENTS_METHOD)]);
      if (!result.success) {
        log.error('unexpected JOS comment search answer', { storeId: store.id, error: describeZodError(result.error) });
        return;
      }
      const comments = result.data.comments ?? [];
      const events: InboundEvent[] = [];
      for (const raw of comments) {
        const comment = jdCommentSchema.safeParse(raw);
        if (!comment.success) {
          sink.reject(`JD comment: ${describeZodError(comment.error)}`, JSON.stringify(raw).slice(0, 2000));
          continue;
        }
        const mapped = mapJdComment(comment.data);
        if (mapped.kind === 'event') events.push(mapped.event);
        else sink.reject(mapped.error, JSON.stringify(raw).slice(0, 2000));
      }
      if (events.length > 0) await sink.deliver({ events, ignored: [] });
      const total = result.data.totalItem ?? 0;
      if (comments.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
    }
    await cursor.advance(window);
    return window.catchingUp ? 'again' : undefined;
  };

  log.info('polling JD comments through JOS', { storeId: store.id, everySeconds: credentials.pollSeconds });
  return startPollLoop({
    intervalMs,
    round: pollOnce,
    onError: (error) => log.warn('JD comment poll failed; asking again next round', { storeId: store.id, error: String(error) }),
  });
}
