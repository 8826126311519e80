import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../connectors/types';
import { IngestService } from '../ingest/ingest-service';
import { createLogger } from '../logger';
import { startMessageServices, type MessageServiceRunner } from '../message-services/message-service-runner';
import type { Database } from '../storage/database';
import { openDatabase } from '../storage/open-database';
import { createStore } from '../stores/stores';
import { ChangeFeed } from '../sync/change-feed';
import { createTestConnector, testCredentialsSchema, type TestCredentials } from '../testing/test-connector';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { postgresLeases, type Leases } from './leases';

/**
 * Two "nodes" (two runners, each with its own lease connection) on one PostgreSQL: each
 * store's message service is consumed by exactly one of them; when the holder's
 * connection dies the holder stops and the other takes over; a graceful close hands over too.
 */
const adminUrl = process.env['HUIXIN_TEST_DATABASE_URL']?.trim() ?? '';
if (adminUrl === '') console.warn('[leases] SKIPPED: HUIXIN_TEST_DATABASE_URL (PostgreSQL) is not set; .ci/run sets it');

const silent = createLogger('silent');
const STORES = ['pmc-1', 'pmc-2', 'pmc-3'];

/** Who is subscribed to what right now, per node. */
const live = new Map<string, Set<string>>([
  ['n1', new Set()],
  ['n2', new Set()],
]);

function serviceConnector(node: string): Connector<unknown> {
  const connector: Connector<TestCredentials> = {
    ...createTestConnector(),
    platform: 'pinduoduo',
    credentialsSchema: testCredentialsSchema,
    webhook: undefined,
    messageService: {
      subscribe(store) {
        const mine = live.get(node);
        mine?.add(store.id);
        return { close: async () => void mine?.delete(store.id) };
      },
    },
  };
  return connector as Connector<unknown>;
}

async function waitUntil(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const holders = (storeId: string): string[] => [...live].filter(([, stores]) => stores.has(storeId)).map(([node]) => node);

describe.skipIf(adminUrl === '')('message-service leases across nodes (PostgreSQL advisory locks)', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let url: string;
  const runners: MessageServiceRunner[] = [];
  const leaseSets: Leases[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    url = testDatabase.config.databaseUrl ?? '';
    db = await openDatabase({ databaseUrl: url });
    const feed = new ChangeFeed(db);
    for (const id of STORES) await createStore(feed, { id, platform: 'pinduoduo', name: id, currency: 'CNY', credentials: { secret: 's' } });
  });
  afterAll(async () => {
    for (const runner of runners) await runner.close();
    for (const leases of leaseSets) await leases.close();
    await db?.close();
    await testDatabase?.drop();
  });

  async function startNode(node: string, rescanIntervalMs: number): Promise<MessageServiceRunner> {
    const leases = postgresLeases(url, silent);
    leaseSets.push(leases);
    const connector = serviceConnector(node);
    const runner = await startMessageServices(db, new IngestService(new ChangeFeed(db)), (platform) => (platform === 'pinduoduo' ? connector : undefined), silent, {
      leases,
      rescanIntervalMs,
    });
    runners.push(runner);
    return runner;
  }

  it('gives each store to one node, moves it when the holder’s connection dies, and on a graceful close', async () => {
    // n1 scans only when told (so that it cannot win the race back below); n2 every 100 ms.
    const n1 = await startNode('n1', 3_600_000);
    const n2 = await startNode('n2', 100);
    expect(n1.storeIds.sort()).toEqual(STORES); // first come, first served
    expect(n2.storeIds).toEqual([]);
    await n2.refresh(); // asking again changes nothing
    for (const id of STORES) expect(holders(id)).toEqual(['n1']);

    // n1's lock connection dies (as when its node crashes or is cut off): PostgreSQL
    // releases the locks; n1 notices at once and stops; n2 picks every store up at its next scan.
    const [killed] = await db.query<{ count: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS count FROM (
         SELECT DISTINCT pid FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS holders`,
    );
    expect(killed?.count).toBe(1); // one connection held all three locks
    await waitUntil('n1 noticed and unsubscribed', () => n1.storeIds.length === 0);
    await waitUntil('n2 holds every store', () => STORES.every((id) => holders(id).join() === 'n2'));
    await n1.refresh(); // n1 is back (a new lock connection) but finds every store taken
    for (const id of STORES) expect(holders(id)).toEqual(['n2']); // never both

    // A graceful stop releases the locks after unsubscribing: n1 takes over at its next scan.
    await n2.close();
    await n1.refresh();
    expect(n1.storeIds.sort()).toEqual(STORES);
    for (const id of STORES) expect(holders(id)).toEqual(['n1']);
  });

  it('a store added later is picked up by exactly one node at the next scan', async () => {
    const feed = new ChangeFeed(db);
    await createStore(feed, { id: 'pmc-late', platform: 'pinduoduo', name: 'late', currency: 'CNY', credentials: { secret: 's' } });
    await Promise.all(runners.map((runner) => runner.refresh()));
    await waitUntil('someone holds the new store', () => holders('pmc-late').length > 0);
    expect(holders('pmc-late')).toHaveLength(1);
  });
});
