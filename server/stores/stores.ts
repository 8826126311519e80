import { randomUUID } from 'node:crypto';
import { storeStream, type Currency, type Platform, type Store } from '../../shared';
import type { StoreTokenSource } from '../connectors/tokens/types';
import type { ConnectorStore } from '../connectors/types';
import type { Queryable } from '../storage/database';
import { toStore, type StoreRow } from '../storage/rows';
import type { ChangeFeed } from '../sync/change-feed';

export interface NewStore {
  platform: Platform;
  name: string;
  currency: Currency;
  /** Already validated by the platform's connector (credentialsSchema) when it has one. */
  credentials: unknown;
  /** Fixed ids for demo stores; random otherwise. Must fit a stream id: [A-Za-z0-9_-]{1,64}. */
  id?: string | undefined;
}

export const STORE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Creates a store and opens its stream with the store snapshot as change #1. */
export async function createStore(feed: ChangeFeed, input: NewStore): Promise<Store> {
  const id = input.id ?? randomUUID();
  if (!STORE_ID_PATTERN.test(id)) throw new Error(`A store id must match ${STORE_ID_PATTERN}: ${id}`);
  return feed.write(async ({ tx, append }) => {
    const [row] = await tx.query<StoreRow>(
      `INSERT INTO stores (id, platform, name, currency, credentials)
       VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *`,
      [id, input.platform, input.name, input.currency, JSON.stringify(input.credentials ?? {})],
    );
    if (!row) throw new Error('store insert returned nothing');
    const store = toStore(row);
    await append(storeStream(store.id), [{ entity: 'store', data: store }]);
    return store;
  });
}

/** Updates name, currency and credentials of an existing store (demo seeding re-runs). */
export async function updateStore(feed: ChangeFeed, id: string, input: Omit<NewStore, 'id' | 'platform'>): Promise<Store> {
  return feed.write(async ({ tx, append }) => {
    const [row] = await tx.query<StoreRow>(
      `UPDATE stores SET name = $2, currency = $3, credentials = $4::jsonb WHERE id = $1 RETURNING *`,
      [id, input.name, input.currency, JSON.stringify(input.credentials ?? {})],
    );
    if (!row) throw new Error(`no store ${id}`);
    const store = toStore(row);
    await append(storeStream(store.id), [{ entity: 'store', data: store }]);
    return store;
  });
}

export async function findStoreRow(db: Queryable, id: string): Promise<StoreRow | null> {
  const [row] = await db.query<StoreRow>('SELECT * FROM stores WHERE id = $1', [id]);
  return row ?? null;
}

export async function listStoreRows(db: Queryable): Promise<StoreRow[]> {
  return db.query<StoreRow>('SELECT * FROM stores ORDER BY created_at, id');
}

/** `tokens`: the server's token manager, for connectors whose platform tokens expire. */
export function toConnectorStore<C>(row: StoreRow, credentials: C, tokens?: StoreTokenSource): ConnectorStore<C> {
  return { id: row.id, platform: row.platform, name: row.name, currency: row.currency, credentials, ...(tokens ? { tokens: tokens.forStore(row.id) } : {}) };
}

/** Lets an agent see a store. Leads and owners see every store anyway. */
export async function grantStore(db: Queryable, storeId: string, userId: string): Promise<void> {
  await db.query('INSERT INTO agent_stores (user_id, store_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, storeId]);
}
