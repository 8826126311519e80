import { DEFAULT_DB_NAME, HuixinDb, openDurableDb } from '../db';

/**
 * The UI's two connections to the one cache database: `cacheDb` for reads (live
 * queries), `durableDb` for everything the agent does (outbox, drafts, read marks,
 * session), whose writes wait for the disk. `?db=` picks another database, which lets
 * tests and a second window on one machine keep separate caches.
 */
function databaseName(): string {
  const fromQuery = new URLSearchParams(location.search).get('db');
  return fromQuery && /^[\w-]{1,64}$/.test(fromQuery) ? `huixin-${fromQuery}` : DEFAULT_DB_NAME;
}

export const dbName = databaseName();
export const cacheDb = new HuixinDb(dbName);
export const durableDb = openDurableDb(dbName);
