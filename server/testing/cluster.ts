import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { z } from 'zod';

const NODE_SCRIPT = fileURLToPath(new URL('./cluster-node.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a multi-node test needs from its environment, or why it cannot run. */
export type ClusterServices = { ok: true; adminDatabaseUrl: string; redisUrl: string } | { ok: false; reason: string };

/**
 * PostgreSQL (HUIXIN_TEST_DATABASE_URL, an admin URL) and Redis (HUIXIN_TEST_REDIS_URL);
 * .ci/run starts both. Redis is pinged so that a stale URL gives a clear reason.
 */
export async function clusterServicesFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ClusterServices> {
  const adminDatabaseUrl = env['HUIXIN_TEST_DATABASE_URL']?.trim() ?? '';
  const redisUrl = env['HUIXIN_TEST_REDIS_URL']?.trim() ?? '';
  const missing = [adminDatabaseUrl === '' && 'HUIXIN_TEST_DATABASE_URL (PostgreSQL)', redisUrl === '' && 'HUIXIN_TEST_REDIS_URL (Redis)'].filter(Boolean);
  if (missing.length > 0) return { ok: false, reason: `${missing.join(' and ')} not set; .ci/run sets both` };
  const client = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    return { ok: false, reason: `Redis at HUIXIN_TEST_REDIS_URL is unreachable: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    client.destroy();
  }
  return { ok: true, adminDatabaseUrl, redisUrl };
}

/** A fresh Redis stream name, so that clusters of parallel tests never hear each other. */
export const uniqueStreamName = (): string => `huixin-test:${randomBytes(6).toString('hex')}`;

export interface ClusterNodeOptions {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  streamName: string;
  messageServiceRescanMs?: number;
  /** How soon a killed node's agents stop counting as online (server default 15 s). */
  presenceTtlMs?: number;
}

export interface ClusterNode {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** SIGKILL: the node vanishes without closing anything. Resolves once it exited. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful shutdown. Resolves once it exited. */
  stop(): Promise<void>;
}

/** Starts server/testing/cluster-node.ts as a child process; resolves once it listens. */
export async function startClusterNode(options: ClusterNodeOptions): Promise<ClusterNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', NODE_SCRIPT], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      HUIXIN_REDIS_STREAM: options.streamName,
      HUIXIN_MESSAGE_SERVICE_RESCAN_MS: options.messageServiceRescanMs?.toString() ?? '',
      HUIXIN_PRESENCE_TTL_MS: options.presenceTtlMs?.toString() ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (!line) return;
      child.stdout?.off('data', onData);
      resolve(z.object({ url: z.url() }).parse(JSON.parse(line)).url);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`node ${options.name} exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { name: options.name, url, process: child, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
