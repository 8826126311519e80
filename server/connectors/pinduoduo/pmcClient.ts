import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { ConnectorLog, ConnectorStore, MessageServiceSink, MessageServiceSubscription } from '../types';
import { describeZodError, parseJsonLosslessly } from '../json';
import { closeSocket, rawDataToString } from '../websocket';
import { fetchPddOrder } from './api';
import { enteredTokenOnly } from '../tokens/types';
import { pinduoduoCredentialsSchema } from './credentials';
import type { PinduoduoCredentials } from './credentials';
import { pmcAckFrame, pmcCommonFrameSchema, pmcHeartbeatFrame } from './frames';
import type { PmcCommonFrame } from './frames';
import { mapPmcMessage, pddOrderEvent } from './mapping';
import { pmcConnectUrl } from './sign';

/**
 * Huixin's PMC client: connects OUT to Pinduoduo's message service, completes each message
 * with the order's details, hands the events to the sink and acknowledges the message by
 * id only after `sink.deliver()` resolved. Unacknowledged messages are pushed again by PMC;
 * the dedupe key (the PMC message id) keeps a redelivery from being stored twice.
 *
 * - Malformed frames or content: `sink.reject`, acknowledged when the frame has an id.
 * - Delivery or a transient order lookup failure: not acknowledged; PMC pushes it again.
 * - A permanent lookup refusal: recorded as ignored and acknowledged (not pushed forever).
 * - Heartbeats every `heartbeatMs`; reconnects with capped, jittered exponential backoff.
 * - One message at a time, in arrival order.
 */

export interface PmcClientOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  heartbeatMs?: number;
  /** Deadline for the order lookup made for one message. */
  apiTimeoutMs?: number;
}

export function subscribePmc(
  store: ConnectorStore<PinduoduoCredentials>,
  sink: MessageServiceSink,
  log: ConnectorLog,
  options: PmcClientOptions = {},
): MessageServiceSubscription {
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const apiTimeoutMs = options.apiTimeoutMs ?? 10_000;
  const parsed = pinduoduoCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) {
    log.error('Pinduoduo store has invalid credentials; not connecting to PMC', { storeId: store.id, error: describeZodError(parsed.error) });
    return { close: async () => {} };
  }
  const credentials = parsed.data;
  const tokens = store.tokens ?? enteredTokenOnly(credentials.accessToken);

  let closed = false;
  let socket: WebSocket | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let failedAttempts = 0;
  let queue: Promise<void> = Promise.resolve();
  const inFlight = new AbortController();

  const connect = (): void => {
    if (closed) return;
    const ws = new WebSocket(pmcConnectUrl(credentials.pmcUrl, credentials.clientId, credentials.clientSecret));
    socket = ws;
    let heartbeat: ReturnType<typeof setInterval> | null = null;
    ws.on('open', () => {
      failedAttempts = 0;
      log.info('connected to Pinduoduo PMC', { storeId: store.id, clientId: credentials.clientId });
      heartbeat = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN) ws.send(pmcHeartbeatFrame());
      }, heartbeatMs);
      heartbeat.unref();
    });
    ws.on('message', (data: RawData) => {
      const raw = rawDataToString(data);
      queue = queue.then(() => handleFrame(raw, ws)).catch((error: unknown) => {
        log.error('PMC message handling failed', { storeId: store.id, error: String(error) });
      });
    });
    ws.on('error', (error: Error) => log.warn('PMC connection error', { storeId: store.id, error: error.message }));
    ws.on('close', () => {
      if (heartbeat !== null) clearInterval(heartbeat);
      if (socket === ws) socket = null;
      scheduleReconnect();
    });
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer !== null) return;
    const base = Math.min(maxBackoffMs, initialBackoffMs * 2 ** failedAttempts);
    failedAttempts += 1;
    reconnectTimer = setTimeout(
      () => {
        reconnectTimer = null;
        connect();
      },
      Math.round(base * (0.75 + Math.random() * 0.5)),
    );
  };

  const ack = (ws: WebSocket, frame: PmcCommonFrame): void => {
    // If the socket dropped meanwhile the ack is lost; PMC pushes again and dedupe absorbs it.
    if (ws.readyState === WebSocket.OPEN) ws.send(pmcAckFrame(frame));
  };

  const handleFrame = async (raw: string, ws: WebSocket): Promise<void> => {
    if (closed) return;
    const json = parseJsonLosslessly(raw);
    if (!json.ok) {
      sink.reject(`PMC frame: ${json.error}`, raw);
      return;
    }
    const command = typeof json.value === 'object' && json.value !== null ? (json.value as Record<string, unknown>).commandType : undefined;
    if (command === 'HeartBeat' || command === 'Ack') return;
    if (command === 'Fail') {
      log.warn('PMC refused a frame we sent', { storeId: store.id, frame: raw.slice(0, 500) });
      return;
    }
    const frame = pmcCommonFrameSchema.safeParse(json.value);
    if (!frame.success) {
      // Without a valid id and sendTime there is nothing to acknowledge; PMC's own redelivery limit ends it.
      sink.reject(`PMC frame: ${describeZodError(frame.error)}`, raw);
      return;
    }
    const message = frame.data;
    const mapped = mapPmcMessage(message, credentials.mallId);
    if (mapped.kind === 'error') {
      sink.reject(mapped.error, raw);
      ack(ws, message);
      return;
    }
    if (mapped.kind === 'ignored') {
      await sink.deliver({ events: [], ignored: [mapped.ignored] });
      ack(ws, message);
      return;
    }
    const order = await fetchPddOrder(credentials, tokens, mapped.lookup.orderSn, AbortSignal.any([AbortSignal.timeout(apiTimeoutMs), inFlight.signal]));
    if (!order.ok) {
      if (!order.permanent) {
        log.warn('order lookup failed; PMC will push the message again', { storeId: store.id, reason: order.reason });
        return;
      }
      await sink.deliver({ events: [], ignored: [{ dedupeKey: mapped.lookup.dedupeKey, platformType: mapped.lookup.topic, reason: `order lookup refused: ${order.reason}`.slice(0, 500) }] });
      ack(ws, message);
      return;
    }
    await sink.deliver({ events: [pddOrderEvent(mapped.lookup, order.value)], ignored: [] });
    ack(ws, message);
  };

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
