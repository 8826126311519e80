/**
 * One server node of a test cluster, as its own process so that a test can kill it for
 * real (SIGKILL: no goodbye to clients, PostgreSQL or Redis). Configured by the
 * environment like server/main.ts, with the test connector installed; prints one JSON
 * line `{"url": …}` on stdout once it listens. Started by server/testing/cluster.ts.
 */
import { z } from 'zod';
import { startServer } from '../app';
import { TEST_PLATFORM, createTestConnector } from './test-connector';

const env = z
  .object({
    DATABASE_URL: z.string().min(1),
    REDIS_URL: z.string().min(1),
    HUIXIN_REDIS_STREAM: z.string().min(1),
    HUIXIN_MESSAGE_SERVICE_RESCAN_MS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().optional()),
    HUIXIN_PRESENCE_TTL_MS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().optional()),
  })
  .parse(process.env);

const server = await startServer({
  port: 0,
  logLevel: 'silent',
  databaseUrl: env.DATABASE_URL,
  redis: { url: env.REDIS_URL, streamName: env.HUIXIN_REDIS_STREAM },
  connectors: { [TEST_PLATFORM]: createTestConnector() },
  messageServiceRescanMs: env.HUIXIN_MESSAGE_SERVICE_RESCAN_MS,
  presenceTtlMs: env.HUIXIN_PRESENCE_TTL_MS,
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
