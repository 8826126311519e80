import type { Change, EntityName } from '../../shared';

/**
 * The baseline: the same records written with the bare IndexedDB API, into a database
 * with exactly the object stores and indexes of the renderer's Dexie schema (mirrored
 * from a HuixinDb instance, so the comparison measures Dexie, not a different schema).
 */
export interface StoreShape {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly { readonly name: string; readonly keyPath: string | string[]; readonly unique: boolean; readonly multiEntry: boolean }[];
}

export const TABLE_OF: Record<EntityName, string> = {
  store: 'stores',
  user: 'users',
  customer: 'customers',
  conversation: 'conversations',
  message: 'messages',
  order: 'orders',
};
export const CURSOR_TABLE = 'cursors';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    // 'blocked' only says a closing connection still finishes its last transaction;
    // the delete proceeds (success) as soon as it has closed.
  });
}

export function openRawDatabase(name: string, shapes: readonly StoreShape[]): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const shape of shapes) {
        const store = db.createObjectStore(shape.name, { keyPath: shape.keyPath, autoIncrement: shape.autoIncrement });
        for (const index of shape.indexes) {
          store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
        }
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`could not open ${name}`));
  });
}

/**
 * Writes one batch in one readwrite transaction over the same tables applyChanges uses,
 * with the same `relaxed` durability as the renderer's cache connection, then records
 * the stream cursor, and resolves when the transaction has committed.
 */
export function writeBatchRaw(db: IDBDatabase, batch: readonly Change[]): Promise<void> {
  const last = batch.at(-1);
  if (last === undefined) return Promise.resolve();
  const tables = [...Object.values(TABLE_OF), CURSOR_TABLE];
  const tx = db.transaction(tables, 'readwrite', { durability: 'relaxed' });
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
  for (const change of batch) tx.objectStore(TABLE_OF[change.entity]).put(change.data);
  tx.objectStore(CURSOR_TABLE).put({ stream: last.stream, seq: last.seq });
  return done;
}

export function countRows(db: IDBDatabase, table: string): Promise<number> {
  return promised(db.transaction(table, 'readonly').objectStore(table).count());
}
