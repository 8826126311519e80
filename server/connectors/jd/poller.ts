import { z } from 'zod';
import type { IgnoredEvent, InboundEvent } from '../../../shared';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { describeZodError } from '../json';
import { logFailedRound, startPollLoop, timeWindowCursor } from '../pollLoop';
import { jdCredentialsSchema } from './credentials';
import type { JdCredentials } from './credentials';
import { enteredTokenOnly } from '../tokens/types';
import { callJosWithToken, josResponseKey } from './jos';
import { JD_ORDER_STATES, jdOrderSchema, mapJdOrder } from './mapping';
import { josTime } from './sign';

/**
 * WHY JD IS POLLED: JD's order push (京东消息推送 over JMQ) is delivered only to apps deployed
 * inside JD's cloud (云鼎); a server elsewhere cannot receive it. So Huixin asks JOS for the
 * orders modified since it last asked (jingdong.pop.order.enSearch, date_type 0 = modified
 * time), every `pollSeconds`. Each window overlaps the previous one by two intervals, so an
 * order modified while a page was read is seen next time; the dedupe key (order, modified,
 * state) makes a re-read harmless. The cursor advances only after `sink.deliver()` resolved;
 * a failed page is asked again next round. The window's end is saved (poll_cursors), so a
 * restart resumes where the last stored round ended; a long outage is read back in windows
 * of at most an hour, one right after another. With no saved cursor (a new store) the first
 * window looks back one hour (`lookbackMs`).
 */

const METHOD = 'jingdong.pop.order.enSearch';
const PAGE_SIZE = 50;
const MAX_PAGES = 40;

export interface JdPollerOptions {
  lookbackMs?: number;
  /** Deadline for one JOS call. */
  apiTimeoutMs?: number;
  now?: () => Date;
}

const resultSchema = z.object({
  searchorderinfo_result: z.object({
    apiResult: z.object({ success: z.boolean(), chineseErr: z.string().optional(), englishErr: z.string().optional() }).loose().optional(),
    orderInfoList: z.array(z.unknown()).default([]),
    orderTotal: z.coerce.number().int().nonnegative().default(0),
  }),
});

export function subscribeJdPolling(store: ConnectorStore<JdCredentials>, sink: MessageServiceSink, log: ConnectorLog, options: JdPollerOptions = {}): MessageServiceSubscription {
  const parsed = jdCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) {
    log.error('JD store has invalid credentials; not polling JOS', { storeId: store.id, error: describeZodError(parsed.error) });
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
    source: 'orders',
    lookbackMs: options.lookbackMs ?? 3_600_000,
    overlapMs,
    maxWindowMs: 3_600_000,
    now,
  });

  const pollOnce = async (inFlight: AbortSignal): Promise<void | 'again'> => {
    const window = await cursor.next();
    const [windowStart, windowEnd] = [window.start, window.end];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await callJosWithToken(
        credentials,
        tokens,
        METHOD,
        {
          start_date: josTime(windowStart),
          end_date: josTime(windowEnd),
          order_state: Object.keys(JD_ORDER_STATES).join(','),
          optional_fields: 'orderId,venderId,orderState,orderTotalPrice,orderPayment,orderStartTime,modified,open_id_buyer,pin,orderRemark,itemInfoList',
          page: String(page),
          page_size: String(PAGE_SIZE),
          date_type: 0,
        },
        AbortSignal.any([AbortSignal.timeout(apiTimeoutMs), inFlight]),
      );
      if (!answer.ok) {
        logFailedRound(log, store.id, 'JOS order search', answer);
        return;
      }
      const result = resultSchema.safeParse(answer.body[josResponseKey(METHOD)]);
      if (!result.success) {
        log.error('unexpected JOS order search answer', { storeId: store.id, error: describeZodError(result.error) });
        return;
      }
      const events: InboundEvent[] = [];
      const ignored: IgnoredEvent[] = [];
      for (const raw of result.data.searchorderinfo_result.orderInfoList) {
        const order = jdOrderSchema.safeParse(raw);
        if (!order.success) {
          sink.reject(`JD order: ${describeZodError(order.error)}`, JSON.stringify(raw).slice(0, 2000));
          continue;
        }
        const mapped = mapJdOrder(order.data, credentials.venderId);
        if (mapped.kind === 'event') events.push(mapped.event);
        else if (mapped.kind === 'ignored') ignored.push(mapped.ignored);
        else sink.reject(mapped.error, JSON.stringify(raw).slice(0, 2000));
      }
      if (events.length > 0 || ignored.length > 0) await sink.deliver({ events, ignored });
      if (page * PAGE_SIZE >= result.data.searchorderinfo_result.orderTotal) break;
    }
    await cursor.advance(window);
    return window.catchingUp ? 'again' : undefined;
  };

  log.info('polling JD orders through JOS', { storeId: store.id, everySeconds: credentials.pollSeconds });
  return startPollLoop({
    intervalMs,
    round: pollOnce,
    onError: (error) => log.warn('JD poll failed; asking again next round', { storeId: store.id, error: String(error) }),
  });
}
