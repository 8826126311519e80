import type { IgnoredEvent, InboundEvent } from '../../../shared';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { describeZodError } from '../json';
import { logFailedRound, startPollLoop } from '../pollLoop';
import { enteredTokenOnly } from '../tokens/types';
import { callWeiboWithToken, weiboUrl } from './api';
import { weiboCredentialsSchema } from './credentials';
import type { WeiboCredentials } from './credentials';
import { laterCommentId, mapWeiboComment } from './mapping';
import { commentListSchema, weiboCommentSchema } from './payloads';

/**
 * WHY COMMENTS ARE POLLED: Weibo pushes direct messages to the fan-service URL, but comments on
 * the brand's posts are not pushed to open-platform apps (Weibo's comment stream is part of its
 * commercial data service). So Huixin reads GET 2/comments/to_me.json (comments the account
 * received, newest first) every `pollSeconds` with `since_id` = the newest comment id stored so
 * far. The cursor moves only after `sink.deliver()` resolved, and is saved (poll_cursors), so a
 * restart asks for what came since the newest comment stored; a failed round asks again; the
 * dedupe key (weibo:comment:<id>) makes a re-read harmless. At most 200 comments per round (Weibo's page size): a burst beyond that within one
 * interval is read over the next rounds only if Weibo still lists them (documented limitation).
 */

const PAGE_SIZE = 200;

export interface WeiboPollerOptions {
  apiTimeoutMs?: number;
}

export function subscribeWeiboComments(
  store: ConnectorStore<WeiboCredentials>,
  sink: MessageServiceSink,
  log: ConnectorLog,
  options: WeiboPollerOptions = {},
): MessageServiceSubscription {
  const parsed = weiboCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) {
    log.error('Weibo store has invalid credentials; not reading comments', { storeId: store.id, error: describeZodError(parsed.error) });
    return { close: async () => {} };
  }
  const credentials = parsed.data;
  const tokens = store.tokens ?? enteredTokenOnly(credentials.accessToken);
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
  let sinceId: string | null = null;

  const pollOnce = async (inFlight: AbortSignal): Promise<void> => {
    // The newest comment stored, kept across restarts (poll_cursors); '0' = the latest page.
    sinceId ??= savedCommentId(await sink.cursors?.load('comments'));
    const since = sinceId;
    const answer = await callWeiboWithToken(
      tokens,
      (token) => weiboUrl(credentials.apiUrl, '2/comments/to_me.json', { access_token: token, since_id: since, count: String(PAGE_SIZE) }),
      { method: 'GET' },
      AbortSignal.any([AbortSignal.timeout(apiTimeoutMs), inFlight]),
      'comments/to_me',
    );
    if (!answer.ok) {
      logFailedRound(log, store.id, 'Weibo comments/to_me', answer);
      return;
    }
    const list = commentListSchema.safeParse(answer.body);
    if (!list.success) {
      log.error('unexpected Weibo comments/to_me answer', { storeId: store.id, error: describeZodError(list.error) });
      return;
    }
    const events: InboundEvent[] = [];
    const ignored: IgnoredEvent[] = [];
    let newest = since;
    for (const raw of list.data.comments) {
      const comment = weiboCommentSchema.safeParse(raw);
      if (!comment.success) {
        sink.reject(`Weibo comment: ${describeZodError(comment.error)}`, JSON.stringify(raw).slice(0, 2000));
        continue;
      }
      newest = laterCommentId(newest, comment.data.idstr);
      const mapped = mapWeiboComment(comment.data, credentials.uid);
      if (mapped.kind === 'event') events.push(mapped.event);
      else ignored.push(mapped.ignored);
    }
    if (events.length > 0 || ignored.length > 0) await sink.deliver({ events, ignored });
    if (newest !== since) await sink.cursors?.save('comments', newest);
    sinceId = newest;
  };

  log.info('reading Weibo comments through comments/to_me', { storeId: store.id, everySeconds: credentials.pollSeconds });
  return startPollLoop({
    intervalMs: credentials.pollSeconds * 1000,
    round: pollOnce,
    onError: (error) => log.warn('Weibo comment poll failed; asking again next round', { storeId: store.id, error: String(error) }),
  });
}

/** A saved since_id, or '0' (the latest page) when none was saved or it is not an id. */
function savedCommentId(saved: string | null | undefined): string {
  return saved != null && /^\d{1,32}$/.test(saved) ? saved : '0';
}
