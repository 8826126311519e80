import { z } from 'zod';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { describeZodError } from '../json';
import type { JdCredentials } from './credentials';
import { subscribeJosWindowPolling, type JosWindowPollerOptions, type JosWindowSearch } from './josWindowPoller';
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

export type JdPollerOptions = JosWindowPollerOptions;

const resultSchema = z.object({
  searchorderinfo_result: z.object({
    apiResult: z.object({ success: z.boolean(), chineseErr: z.string().optional(), englishErr: z.string().optional() }).loose().optional(),
    orderInfoList: z.array(z.unknown()).default([]),
    orderTotal: z.coerce.number().int().nonnegative().default(0),
  }),
});

const ORDER_SEARCH: JosWindowSearch = {
  source: 'orders',
  label: 'JOS order search',
  subject: 'JD orders',
  method: METHOD,
  defaultLookbackMs: 3_600_000,
  maxWindowMs: 3_600_000,
  maxPages: MAX_PAGES,
  params: (window, page) => ({
    start_date: josTime(window.start),
    end_date: josTime(window.end),
    order_state: Object.keys(JD_ORDER_STATES).join(','),
    optional_fields: 'orderId,venderId,orderState,orderTotalPrice,orderPayment,orderStartTime,modified,open_id_buyer,pin,orderRemark,itemInfoList',
    page: String(page),
    page_size: String(PAGE_SIZE),
    date_type: 0,
  }),
  readPage(answer, page) {
    const result = resultSchema.safeParse(answer);
    if (!result.success) return { ok: false, error: describeZodError(result.error) };
    const { orderInfoList, orderTotal } = result.data.searchorderinfo_result;
    return { ok: true, items: orderInfoList, last: page * PAGE_SIZE >= orderTotal };
  },
  mapItem(raw, credentials) {
    const order = jdOrderSchema.safeParse(raw);
    if (!order.success) return { kind: 'error', error: `JD order: ${describeZodError(order.error)}` };
    return mapJdOrder(order.data, credentials.venderId);
  },
};

export function subscribeJdPolling(store: ConnectorStore<JdCredentials>, sink: MessageServiceSink, log: ConnectorLog, options: JdPollerOptions = {}): MessageServiceSubscription {
  return subscribeJosWindowPolling(store, sink, log, ORDER_SEARCH, options);
}
