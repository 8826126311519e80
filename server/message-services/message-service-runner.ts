import { localLeases, type Leases } from '../cluster/leases';
import { pollCursorsFor } from './poll-cursors';
import type { MessageServiceSubscription } from '../connectors/types';
import { InvalidEventsError, type IngestService } from '../ingest/ingest-service';
import type { Logger } from '../logger';
import type { ConnectorLookup } from '../outbound/outbound-dispatcher';
import type { Database } from '../storage/database';
import type { StoreRow } from '../storage/rows';
import { listStoreRows, toConnectorStore } from '../stores/stores';
import type { StoreTokenSource } from '../connectors/tokens/types';

export interface MessageServiceRunner {
  /** Store ids with a live subscription on this node. */
  readonly storeIds: string[];
  /** Looks for stores to subscribe now (a new store, a lease another node gave up). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface MessageServiceRunnerOptions {
  /** Who may consume which store; default: this process alone (single node). */
  leases?: Leases;
  /** How often to look for new stores and for leases another node lost. Default 10 s. */
  rescanIntervalMs?: number;
  /** The token manager, for platforms whose access tokens expire (Pinduoduo, JD, Weibo). */
  tokens?: StoreTokenSource;
}

export const DEFAULT_RESCAN_INTERVAL_MS = 10_000;

/** The lease a node must hold to consume a store's message service. */
export const messageServiceLeaseKey = (storeId: string): string => `huixin:message-service:${storeId}`;

/**
 * Connects out to the message service of every store whose platform delivers that way
 * (Taobao TMC …). The connector confirms a message only after `deliver` resolved, i.e.
 * after the ingest transaction committed.
 *
 * Several server nodes may run this at once: a store is consumed only by the node that
 * holds its lease (see server/cluster/leases.ts), so two nodes never both pull the same
 * store's messages. Every `rescanIntervalMs` each node picks up stores added meanwhile
 * and stores whose lease a dead node released; a node that loses its leases closes those
 * subscriptions at once.
 */
export async function startMessageServices(
  db: Database,
  ingest: IngestService,
  connectorFor: ConnectorLookup,
  log: Logger,
  options: MessageServiceRunnerOptions = {},
): Promise<MessageServiceRunner> {
  const leases = options.leases ?? localLeases();
  const subscriptions = new Map<string, MessageServiceSubscription>();
  /** Stores whose problem was already logged, so a rescan does not repeat it forever. */
  const reported = new Set<string>();
  let closed = false;
  let scanning: Promise<void> = Promise.resolve();

  const stopLost = leases.onLost((keys) => {
    for (const [storeId, subscription] of subscriptions) {
      if (!keys.includes(messageServiceLeaseKey(storeId))) continue;
      subscriptions.delete(storeId);
      log.warn('message service lease lost; unsubscribed', { storeId });
      void subscription.close().catch((error: unknown) => log.error('unsubscribe failed', { storeId, error: String(error) }));
    }
  });

  async function subscribe(store: StoreRow): Promise<void> {
    const connector = connectorFor(store.platform);
    if (!connector?.messageService) return;
    const credentials = connector.credentialsSchema.safeParse(store.credentials);
    if (!credentials.success) {
      if (!reported.has(store.id)) log.error('store credentials do not match the connector; not subscribing', { storeId: store.id });
      reported.add(store.id);
      return;
    }
    const key = messageServiceLeaseKey(store.id);
    if (!(await leases.tryAcquire(key))) return; // another node consumes this store
    if (closed) {
      await leases.release(key);
      return;
    }
    const storeLog = log.child(`${store.platform}:${store.id}`);
    try {
      const subscription = connector.messageService.subscribe(
        toConnectorStore(store, credentials.data, options.tokens),
        {
          deliver: async (batch) => {
            try {
              await ingest.ingestDelivery(store.id, batch);
            } catch (error) {
              // Events that can never be stored are logged and confirmed, not redelivered
              // forever; anything else (database down) rejects, so the message comes again.
              if (!(error instanceof InvalidEventsError)) throw error;
              storeLog.error('connector produced invalid events; dropped', { error: error.message });
            }
          },
          reject: (reason, raw) => storeLog.warn('message rejected by the connector', { reason, raw: raw.slice(0, 500) }),
          cursors: pollCursorsFor(db, store.id),
        },
        storeLog,
      );
      subscriptions.set(store.id, subscription);
      reported.delete(store.id);
      storeLog.info('message service subscribed');
    } catch (error) {
      await leases.release(key);
      if (!reported.has(store.id)) storeLog.error('message service subscribe failed', { error: String(error) });
      reported.add(store.id);
    }
  }

  async function scan(): Promise<void> {
    await leases.verify();
    for (const store of await listStoreRows(db)) {
      if (closed) return;
      if (!subscriptions.has(store.id)) await subscribe(store);
    }
  }

  /** One scan at a time: a scan asked for while one runs starts after it. */
  const refresh = (): Promise<void> => {
    const next = scanning.then(() => (closed ? undefined : scan()));
    scanning = next.catch((error: unknown) => log.error('message service scan failed', { error: String(error) }));
    return next;
  };

  await refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), options.rescanIntervalMs ?? DEFAULT_RESCAN_INTERVAL_MS);
  timer.unref();

  return {
    get storeIds() {
      return [...subscriptions.keys()];
    },
    refresh,
    async close() {
      closed = true;
      clearInterval(timer);
      stopLost();
      await scanning;
      const open = [...subscriptions];
      subscriptions.clear();
      await Promise.allSettled(open.map(([, subscription]) => subscription.close()));
      // Closed first, released after: the next node starts only once this one stopped.
      await Promise.allSettled(open.map(([storeId]) => leases.release(messageServiceLeaseKey(storeId))));
    },
  };
}
