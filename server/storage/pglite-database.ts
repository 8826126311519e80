import { mkdirSync } from 'node:fs';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';
import { acquireFolderLock, type FolderLock } from './folder-lock';

/**
 * Embedded PostgreSQL (WASM) in a data folder, so that one command runs everything.
 * PGlite is single-process: a second process opening the same folder would corrupt it,
 * so the folder is guarded by a lock file (see folder-lock.ts).
 */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: FolderLock | null = null;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireFolderLock(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir, {
      // int8 columns (seqs, counts) as numbers, like the node-postgres adapter.
      parsers: { [types.INT8]: (value: string) => Number(value) },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }

  const wrap = (target: PGlite | Transaction): Queryable => ({
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  const root = wrap(pg);

  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
