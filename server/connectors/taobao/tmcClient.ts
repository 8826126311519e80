import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { InboundEvent } from '../../../shared';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { parseJsonLosslessly } from '../json';
import { closeSocket, rawDataToString } from '../websocket';
import { taobaoCredentialsSchema } from './credentials';
import type { TaobaoCredentials } from './credentials';
import { TMC_DEFAULT_GROUP, tmcMessageFrameSchema } from './frames';
import type { TmcConfirmFrame } from './frames';
import { fetchTradeLogistics, shippedTradeId, withLogistics } from './logistics';
import { TAOBAO_TOPICS, mapTmcMessage, reviewEvent, tmcDedupeKey } from './mapping';
import { topSign } from './sign';
import { fetchTradeRate } from './topApi';
import { fetchTradeDetails, tradeIdOf, withTradeDetails } from './tradeDetails';

/**
 * Huixin's TMC client: connects OUT to the store's message service, turns each message into
 * normalised events, hands them to the sink, and confirms the message by id only after
 * `sink.deliver()` resolved (stored durably). Anything unconfirmed is redelivered by TMC,
 * and the dedupe key (the TMC message id) keeps a redelivery from being stored twice.
 *
 * - Malformed frames or content: `sink.reject` and confirm, so one bad message never loops.
 * - A delivery, review lookup, trade lookup or (ship message) logistics lookup that fails:
 *   not confirmed; TMC redelivers it later. A trade or logistics lookup Taobao refuses
 *   stores the order without lines or logistics.
 * - One TOP lookup per message: create/pay/success messages read the trade's lines
 *   (taobao.trade.fullinfo.get), the ship message its waybill (taobao.logistics.orders.get).
 *   The two are separate permission packages on TOP (交易 and 物流), so one refused must not
 *   cost the other; the lines read before shipping stay on the order (the server keeps an
 *   order's known lines when a later event brings none).
 * - Connection lost or refused: reconnect with exponential backoff (capped, with jitter).
 * - Messages are handled one at a time, in arrival order.
 */

export interface TmcClientOptions {
  /** First reconnect delay; doubles per failed attempt up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Deadline for one TOP call made while handling a message (review, trade or logistics lookup). */
  apiTimeoutMs?: number;
}

export function subscribeTmc(
  store: ConnectorStore<TaobaoCredentials>,
  sink: MessageServiceSink,
  log: ConnectorLog,
  options: TmcClientOptions = {},
): MessageServiceSubscription {
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
  const parsedCredentials = taobaoCredentialsSchema.safeParse(store.credentials);

  let closed = false;
  let socket: WebSocket | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let failedAttempts = 0;
  let queue: Promise<void> = Promise.resolve();
  const inFlight = new AbortController();

  if (!parsedCredentials.success) {
    log.error('Taobao store has invalid credentials; not connecting to TMC', { storeId: store.id });
    return { close: async () => {} };
  }
  const credentials = parsedCredentials.data;

  const connect = (): void => {
    if (closed) return;
    const ws = new WebSocket(connectUrl(credentials));
    socket = ws;
    ws.on('open', () => {
      failedAttempts = 0;
      log.info('connected to Taobao TMC', { storeId: store.id, appKey: credentials.appKey });
    });
    ws.on('message', (data: RawData) => {
      const raw = rawDataToString(data);
      // One at a time: confirm order follows arrival order, and deliver() never races itself.
      queue = queue.then(() => handleFrame(raw, ws)).catch((error: unknown) => {
        log.error('TMC message handling failed', { storeId: store.id, error: String(error) });
      });
    });
    ws.on('error', (error: Error) => {
      log.warn('TMC connection error', { storeId: store.id, error: error.message });
    });
    ws.on('close', () => {
      if (socket === ws) socket = null;
      scheduleReconnect();
    });
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer !== null) return;
    const base = Math.min(maxBackoffMs, initialBackoffMs * 2 ** failedAttempts);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    failedAttempts += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  };

  const confirm = (ws: WebSocket, id: string): void => {
    // If the socket dropped meanwhile the confirm is lost; TMC redelivers and dedupe absorbs it.
    if (ws.readyState !== WebSocket.OPEN) return;
    const frame: TmcConfirmFrame = { type: 'confirm', id };
    ws.send(JSON.stringify(frame));
  };

  const handleFrame = async (raw: string, ws: WebSocket): Promise<void> => {
    if (closed) return;
    const json = parseJsonLosslessly(raw);
    const frameId = json.ok ? idOf(json.value) : null;
    if (!json.ok) {
      sink.reject(`TMC frame: ${json.error}`, raw);
      return;
    }
    if (isObject(json.value) && json.value.type !== 'message') return; // control frames carry nothing to store
    const frame = tmcMessageFrameSchema.safeParse(json.value);
    if (!frame.success) {
      sink.reject(`TMC frame: ${frame.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, raw);
      if (frameId !== null) confirm(ws, frameId);
      return;
    }
    const message = frame.data;
    if (credentials.sellerNick !== message.user_nick) {
      // One app key serves one store in this version; another seller's message is recorded, not stored.
      await sink.deliver({
        events: [],
        ignored: [{ dedupeKey: tmcDedupeKey(message.id), platformType: message.topic, reason: `message for seller ${message.user_nick}` }],
      });
      confirm(ws, message.id);
      return;
    }

    const mapped = mapTmcMessage(message);
    if (mapped.kind === 'error') {
      sink.reject(mapped.error, raw);
      confirm(ws, message.id);
      return;
    }
    if (mapped.kind === 'events') {
      const events = message.topic === TAOBAO_TOPICS.tradeSellerShip
        ? await withShipment(mapped.events)
        : TRADE_DETAIL_TOPICS.has(message.topic)
          ? await withTradeLines(mapped.events)
          : mapped.events;
      if (events === null) return; // lookup failed for now: unconfirmed, TMC redelivers
      await sink.deliver({ events, ignored: mapped.ignored });
      confirm(ws, message.id);
      return;
    }

    const lookup = await fetchTradeRate(credentials, mapped.lookup.tid, mapped.lookup.oid, timeoutSignal(apiTimeoutMs, inFlight.signal));
    if (!lookup.ok) {
      if (lookup.permanent) {
        sink.reject(`review ${mapped.lookup.oid}: ${lookup.reason}`, raw);
        confirm(ws, message.id);
      } else {
        log.warn('review lookup failed; TMC will redeliver', { storeId: store.id, reason: lookup.reason });
      }
      return;
    }
    if (lookup.rate === null) {
      await sink.deliver({
        events: [],
        ignored: [{ dedupeKey: mapped.lookup.dedupeKey, platformType: message.topic, reason: 'review not found on Taobao' }],
      });
    } else {
      await sink.deliver({ events: [reviewEvent(mapped.lookup, lookup.rate)], ignored: [] });
    }
    confirm(ws, message.id);
  };

  /**
   * Completes a message's order event with one TOP lookup, within the same deadline as a
   * review lookup: a ship message names no carrier (taobao.logistics.orders.get), the other
   * trade messages name no lines (taobao.trade.fullinfo.get). A refusal (no permission,
   * trade not visible …) still stores the order event as it came and says so in the log; an
   * outage or timeout answers null, so the message stays unconfirmed and TMC brings it again.
   */
  const completeWith = async <R extends object>(
    events: InboundEvent[],
    tid: string | null,
    what: { lookup: string; withoutIt: string },
    lookup: (tid: string, signal: AbortSignal) => Promise<({ ok: true } & R) | { ok: false; permanent: boolean; reason: string }>,
    apply: (events: InboundEvent[], found: R) => InboundEvent[],
  ): Promise<InboundEvent[] | null> => {
    if (tid === null) return events;
    const result = await lookup(tid, timeoutSignal(apiTimeoutMs, inFlight.signal));
    if (result.ok) return apply(events, result);
    if (result.permanent) {
      log.warn(`${what.lookup} lookup refused; the order is stored ${what.withoutIt}`, { storeId: store.id, tid, reason: result.reason });
      return events;
    }
    log.warn(`${what.lookup} lookup failed; TMC will redeliver`, { storeId: store.id, tid, reason: result.reason });
    return null;
  };
  const withShipment = (events: InboundEvent[]) =>
    completeWith(
      events,
      shippedTradeId(events),
      { lookup: 'logistics', withoutIt: 'without carrier and tracking number' },
      (tid, signal) => fetchTradeLogistics(credentials, tid, signal),
      (found, { logistics }) => withLogistics(found, logistics),
    );
  const withTradeLines = (events: InboundEvent[]) =>
    completeWith(
      events,
      tradeIdOf(events),
      { lookup: 'trade', withoutIt: 'without its lines' },
      (tid, signal) => fetchTradeDetails(credentials, tid, signal),
      (found, { details }) => withTradeDetails(found, details),
    );

  connect();

  return {
    async close(): Promise<void> {
      closed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      inFlight.abort();
      await closeSocket(socket);
      await queue;
    },
  };
}

/**
 * Trade messages whose order event is completed with the trade's lines and paid amount (the
 * ship message reads its waybill instead). The refund message is among them because it
 * names only the refund amount: without the lookup a partial refund would pass for the
 * order's total.
 */
const TRADE_DETAIL_TOPICS: ReadonlySet<string> = new Set([
  TAOBAO_TOPICS.tradeCreate,
  TAOBAO_TOPICS.tradeBuyerPay,
  TAOBAO_TOPICS.tradeSuccess,
  TAOBAO_TOPICS.refundCreated,
]);

export function connectUrl(credentials: TaobaoCredentials, now: Date = new Date()): string {
  const params: Record<string, string> = {
    app_key: credentials.appKey,
    group_name: TMC_DEFAULT_GROUP,
    timestamp: String(now.getTime()),
  };
  params.sign = topSign(params, credentials.appSecret);
  const url = new URL(credentials.tmcUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | null {
  if (!isObject(value)) return null;
  const id = value.id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 128) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return null;
}

function timeoutSignal(ms: number, parent: AbortSignal): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(ms), parent]);
}
