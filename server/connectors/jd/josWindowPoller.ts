import type { IgnoredEvent, InboundEvent } from '../../../shared';
import { describeZodError } from '../json';
import { logFailedRound, startPollLoop, timeWindowCursor, type PollWindow } from '../pollLoop';
import { enteredTokenOnly } from '../tokens/types';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { jdCredentialsSchema, type JdCredentials } from './credentials';
import { callJosWithToken, josResponseKey } from './jos';

export interface JosWindowPollerOptions {
  /** Where a store with no saved cursor starts. */
  lookbackMs?: number;
  /** Deadline for one JOS call. */
  apiTimeoutMs?: number;
  now?: () => Date;
}

/** One mapped item of a page: stored, recorded as ignored, or rejected with a reason. */
export type JosItem = { kind: 'event'; event: InboundEvent } | { kind: 'ignored'; ignored: IgnoredEvent } | { kind: 'error'; error: string };

/** What differs between JD's windowed searches (orders, comments). */
export interface JosWindowSearch {
  /** The poll cursor's name (poll_cursors.source). */
  source: string;
  /** For logs: "JOS order search". */
  label: string;
  /** For logs: "JD orders". */
  subject: string;
  method: string;
  defaultLookbackMs: number;
  maxWindowMs: number;
  maxPages: number;
  params(window: PollWindow, page: number): Record<string, string | number>;
  /** The page's items and whether it was the last one, or why the answer is not understood. */
  readPage(answer: unknown, page: number): { ok: true; items: unknown[]; last: boolean } | { ok: false; error: string };
  mapItem(raw: unknown, credentials: JdCredentials): JosItem;
}

/**
 * JD pushes nothing to apps outside its cloud (poller.ts says why), so its searches are
 * polled by time window: every `pollSeconds`, page through the window, deliver each page,
 * and move the saved cursor only after the whole window was stored (pollLoop.ts).
 */
export function subscribeJosWindowPolling(
  store: ConnectorStore<JdCredentials>,
  sink: MessageServiceSink,
  log: ConnectorLog,
  search: JosWindowSearch,
  options: JosWindowPollerOptions = {},
): MessageServiceSubscription {
  const parsed = jdCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) {
    log.error(`JD store has invalid credentials; not polling ${search.subject}`, { storeId: store.id, error: describeZodError(parsed.error) });
    return { close: async () => {} };
  }
  const credentials = parsed.data;
  const tokens = store.tokens ?? enteredTokenOnly(credentials.accessToken);
  const intervalMs = credentials.pollSeconds * 1000;
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
  const cursor = timeWindowCursor({
    cursors: sink.cursors,
    source: search.source,
    lookbackMs: options.lookbackMs ?? search.defaultLookbackMs,
    overlapMs: 2 * intervalMs,
    maxWindowMs: search.maxWindowMs,
    now: options.now ?? (() => new Date()),
  });

  const pollOnce = async (inFlight: AbortSignal): Promise<void | 'again'> => {
    const window = await cursor.next();
    for (let page = 1; page <= search.maxPages; page++) {
      const answer = await callJosWithToken(credentials, tokens, search.method, search.params(window, page), AbortSignal.any([AbortSignal.timeout(apiTimeoutMs), inFlight]));
      if (!answer.ok) {
        logFailedRound(log, store.id, search.label, answer);
        return;
      }
      const result = search.readPage(answer.body[josResponseKey(search.method)], page);
      if (!result.ok) {
        log.error(`unexpected ${search.label} answer`, { storeId: store.id, error: result.error });
        return;
      }
      const events: InboundEvent[] = [];
      const ignored: IgnoredEvent[] = [];
      for (const raw of result.items) {
        const mapped = search.mapItem(raw, credentials);
        if (mapped.kind === 'event') events.push(mapped.event);
        else if (mapped.kind === 'ignored') ignored.push(mapped.ignored);
        else sink.reject(mapped.error, JSON.stringify(raw).slice(0, 2000));
      }
      if (events.length > 0 || ignored.length > 0) await sink.deliver({ events, ignored });
      if (result.last) break;
    }
    await cursor.advance(window);
    return window.catchingUp ? 'again' : undefined;
  };

  log.info(`polling ${search.subject} through JOS`, { storeId: store.id, everySeconds: credentials.pollSeconds });
  return startPollLoop({
    intervalMs,
    round: pollOnce,
    onError: (error) => log.warn(`${search.subject} poll failed; asking again next round`, { storeId: store.id, error: String(error) }),
  });
}
