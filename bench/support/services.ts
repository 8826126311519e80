import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';

/** PostgreSQL (an admin URL) and Redis for a multi-node measurement, and how to stop them. */
export interface Services {
  adminDatabaseUrl: string;
  redisUrl: string;
  /** Where they came from: the environment, or started here. */
  origin: 'environment' | 'started';
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(command: string, args: string[], asPostgres: boolean): void {
  const [file, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error?.message || `exit ${result.status}`}`);
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 1_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * HUIXIN_TEST_DATABASE_URL and HUIXIN_TEST_REDIS_URL when both are set (as in CI);
 * otherwise a throwaway PostgreSQL cluster and redis-server on free loopback ports, when
 * Debian's postgresql and redis-server are installed. Returns a reason when neither works.
 */
export async function obtainServices(env: NodeJS.ProcessEnv = process.env): Promise<Services | { skipped: string }> {
  const fromEnv = { db: env['HUIXIN_TEST_DATABASE_URL']?.trim() ?? '', redis: env['HUIXIN_TEST_REDIS_URL']?.trim() ?? '' };
  if (fromEnv.db !== '' && fromEnv.redis !== '') {
    return { adminDatabaseUrl: fromEnv.db, redisUrl: fromEnv.redis, origin: 'environment', stop: async () => undefined };
  }
  const pgRoot = '/usr/lib/postgresql';
  const pgVersion = existsSync(pgRoot) ? readdirSync(pgRoot).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  const pgBin = pgVersion ? path.join(pgRoot, pgVersion, 'bin') : '';
  if (!pgBin || !existsSync(path.join(pgBin, 'initdb'))) {
    return { skipped: 'no HUIXIN_TEST_DATABASE_URL/HUIXIN_TEST_REDIS_URL and no PostgreSQL installed (apt-get install postgresql redis-server)' };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    return { skipped: 'no HUIXIN_TEST_DATABASE_URL/HUIXIN_TEST_REDIS_URL and no redis-server installed (apt-get install redis-server)' };
  }

  const asPostgres = process.getuid?.() === 0; // PostgreSQL refuses to run as root
  const dir = mkdtempSync(path.join(tmpdir(), 'huixin-bench-'));
  if (asPostgres) run('chown', ['postgres:', dir], false);
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  const dataDir = path.join(dir, 'pg');
  const stops: Array<() => void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) {
      try {
        step();
      } catch {
        // best effort: the temp dir goes anyway
      }
    }
  };
  try {
    run(path.join(pgBin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8'], asPostgres);
    run(path.join(pgBin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(dir, 'pg.log'), '-w', '-o', `-h 127.0.0.1 -p ${pgPort} -k ${dir} -c fsync=off`, 'start'], asPostgres);
    stops.push(() => run(path.join(pgBin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], asPostgres));

    const redis = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    stops.push(() => redis.kill('SIGTERM'));
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const deadline = Date.now() + 5_000;
    while (!(await redisAnswers(redisUrl))) {
      if (Date.now() > deadline) throw new Error('redis-server did not answer within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { adminDatabaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`, redisUrl, origin: 'started', stop };
  } catch (error) {
    await stop();
    return { skipped: `could not start PostgreSQL/Redis: ${error instanceof Error ? error.message : String(error)}` };
  }
}
