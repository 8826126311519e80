import type { MessageServiceSubscription } from '../connectors/types';
import { InvalidEventsError, type IngestService } from '../ingest/ingest-service';
import type { Logger } from '../logger';
import type { ConnectorLookup } from '../outbound/outbound-dispatcher';
import type { Database } from '../storage/database';
import { listStoreRows, toConnectorStore } from '../stores/stores';

export interface MessageServiceRunner {
  /** Store ids with a live subscription. */
  readonly storeIds: string[];
  close(): Promise<void>;
}

/**
 * Connects out to the message service of every store whose platform delivers that way
 * (Taobao TMC …). The connector confirms a message only after `deliver` resolved, i.e.
 * after the ingest transaction committed. Stores added while the server runs are
 * picked up at the next start.
 */
export async function startMessageServices(
  db: Database,
  ingest: IngestService,
  connectorFor: ConnectorLookup,
  log: Logger,
): Promise<MessageServiceRunner> {
  const subscriptions = new Map<string, MessageServiceSubscription>();
  for (const store of await listStoreRows(db)) {
    const connector = connectorFor(store.platform);
    if (!connector?.messageService) continue;
    const credentials = connector.credentialsSchema.safeParse(store.credentials);
    if (!credentials.success) {
      log.error('store credentials do not match the connector; not subscribing', { storeId: store.id });
      continue;
    }
    const storeLog = log.child(`${store.platform}:${store.id}`);
    try {
      const subscription = connector.messageService.subscribe(
        toConnectorStore(store, credentials.data),
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
        },
        storeLog,
      );
      subscriptions.set(store.id, subscription);
      storeLog.info('message service subscribed');
    } catch (error) {
      storeLog.error('message service subscribe failed', { error: String(error) });
    }
  }
  return {
    get storeIds() {
      return [...subscriptions.keys()];
    },
    async close() {
      await Promise.allSettled([...subscriptions.values()].map((subscription) => subscription.close()));
      subscriptions.clear();
    },
  };
}
