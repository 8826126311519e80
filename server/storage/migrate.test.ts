import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { Database } from './database';
import { DataFolderLockedError } from './folder-lock';
import { loadMigrations, migrate } from './migrate';
import { openDatabase } from './open-database';

let testDatabase: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  db = await openDatabase(testDatabase.config);
});
afterAll(async () => {
  await db.close();
  await testDatabase.drop();
});

describe('migrations', () => {
  it('are numbered files applied in order, recorded once', async () => {
    const migrations = loadMigrations();
    expect(migrations[0]?.id).toBe('0001_init');
    const rows = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(migrations.map((m) => m.id));
  });

  it('are idempotent: running again, even concurrently, applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await Promise.all([migrate(db), migrate(db)])).toEqual([[], []]);
  });

  it('apply a new migration once and roll back a failing one completely', async () => {
    const extra = [...loadMigrations(), { id: '9001_test_extra', sql: 'CREATE TABLE test_extra (id int); CREATE INDEX test_extra_idx ON test_extra (id);' }];
    expect(await migrate(db, extra)).toEqual(['9001_test_extra']);
    expect(await migrate(db, extra)).toEqual([]);
    const broken = [...extra, { id: '9002_broken', sql: 'CREATE TABLE test_half (id int); SELECT no_such_function();' }];
    await expect(migrate(db, broken)).rejects.toThrow();
    const half = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'test_half'");
    expect(half).toHaveLength(0);
    const ids = (await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id);
    expect(ids).not.toContain('9002_broken');
  });

  it('create the tables the server relies on', async () => {
    const rows = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'agent_stores', 'applied_mutations', 'changes', 'conversations', 'customers', 'ignored_events',
        'inbound_deliveries', 'messages', 'orders', 'outbound_jobs', 'sessions', 'stores', 'streams', 'users',
      ]),
    );
  });
});

describe.skipIf(Boolean(process.env.HUIXIN_TEST_DATABASE_URL))('PGlite data folder', () => {
  it('keeps data across restarts and refuses a second opener with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huixin-pglite-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.query("INSERT INTO streams (stream, head_seq) VALUES ('team', 7)");
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataFolderLockedError);
      await first.close();
      const again = await openDatabase({ dataDir: dir });
      expect(await again.query('SELECT head_seq FROM streams')).toEqual([{ head_seq: 7 }]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
