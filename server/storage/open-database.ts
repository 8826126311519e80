import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '.data/pglite');

export interface DatabaseConfig {
  /** A PostgreSQL URL; when set, it wins over dataDir. */
  databaseUrl?: string | undefined;
  /** PGlite data folder, or `memory://` for a throwaway database. */
  dataDir?: string | undefined;
}

/** Settings from the environment: DATABASE_URL, else HUIXIN_DATA_DIR, else .data/pglite. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.HUIXIN_DATA_DIR || undefined };
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const db = config.databaseUrl
    ? await openPostgresDatabase(config.databaseUrl)
    : await openPgliteDatabase(
        config.dataDir?.startsWith('memory://') ? config.dataDir : resolve(config.dataDir ?? DEFAULT_DATA_DIR),
      );
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
