import { z } from 'zod';
import { startServer } from './app';
import { LOG_LEVELS } from './logger';

/** `npm run server`: the backend configured from the environment. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3210),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  /** Set on every node of a multi-node deployment (needs DATABASE_URL): see docs/deployment.md. */
  REDIS_URL: z.string().optional(),
  HUIXIN_REDIS_STREAM: z.string().min(1).optional(),
  HUIXIN_DATA_DIR: z.string().optional(),
  HUIXIN_PUBLIC_URL: z.url().optional(),
  HUIXIN_DEMO: z.enum(['0', '1', '']).optional(),
  HUIXIN_EMULATOR_URL: z.url().optional(),
  HUIXIN_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Superseded sync changes older than this are compacted away; 0 keeps everything. */
  HUIXIN_CHANGE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  process.exit(1);
}
const env = parsed.data;
if (env.REDIS_URL && !env.DATABASE_URL) {
  console.error('REDIS_URL is for several nodes on one PostgreSQL: set DATABASE_URL too (PGlite serves one node only)');
  process.exit(1);
}
if (env.HUIXIN_DEMO === '1' && !env.HUIXIN_EMULATOR_URL) {
  console.error('HUIXIN_DEMO=1 needs HUIXIN_EMULATOR_URL (the storefront emulator, e.g. http://127.0.0.1:3211)');
  process.exit(1);
}

try {
  const server = await startServer({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.HUIXIN_DATA_DIR || undefined,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, streamName: env.HUIXIN_REDIS_STREAM } : undefined,
    publicUrl: env.HUIXIN_PUBLIC_URL,
    demo: env.HUIXIN_DEMO === '1' && env.HUIXIN_EMULATOR_URL ? { emulatorUrl: env.HUIXIN_EMULATOR_URL } : undefined,
    logLevel: env.HUIXIN_LOG_LEVEL,
    changeRetentionDays: env.HUIXIN_CHANGE_RETENTION_DAYS,
  });
  console.log(`Huixin server listening on ${server.url} (database: ${server.databaseKind})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(`Huixin server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
