import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { connectors } from '../connectors/index';
import { demoStores } from '../demo/demo-topology';
import type { StartServerOptions } from '../app';
import type { Queryable } from '../storage/database';
import { startTestServer, type TestServer } from './test-server';

/**
 * Every demo store through the real server: the storefront emulator plays each one in its
 * platform's native format, and a test server (fresh database) runs the real connectors
 * with the demo stores seeded. Connector contract tests drive platform traffic through it
 * and check what the database holds.
 */
export interface PlatformStack {
  emulator: Emulator;
  server: TestServer;
  stop(): Promise<void>;
}

/** `serverOptions` override the test server's (e.g. `outbound` timings for dispatcher tests). */
export async function startPlatformStack(emulatorOptions: EmulatorOptions, serverOptions: Partial<StartServerOptions> = {}): Promise<PlatformStack> {
  const emulator = await startEmulator({ port: 0, ...emulatorOptions });
  try {
    for (const store of demoStores(emulator.url)) emulator.addStore(store);
    const server = await startTestServer({ connectors, demo: { emulatorUrl: emulator.url }, ...serverOptions });
    emulator.setHuixinUrl(server.url);
    return {
      emulator,
      server,
      async stop() {
        await server.stop();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** The tables an ingest writes: a refused or duplicate delivery must leave every count unchanged. */
export const INGEST_TABLES = ['customers', 'conversations', 'messages', 'orders', 'changes', 'inbound_deliveries'] as const;

export async function rowCountsOf(db: Queryable, tables: readonly string[] = INGEST_TABLES): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}
