import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** Options for startServer / openDatabase. */
  config: { databaseUrl?: string; dataDir?: string };
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test server: PGlite in memory by default; with
 * HUIXIN_TEST_DATABASE_URL (an admin URL to PostgreSQL) a new database
 * `huixin_t_<random>` created now and dropped by `drop()`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.HUIXIN_TEST_DATABASE_URL;
  if (!adminUrl) return { config: { dataDir: 'memory://' }, kind: 'pglite', drop: async () => undefined };

  const name = `huixin_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { databaseUrl: url.toString() },
    kind: 'postgres',
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
