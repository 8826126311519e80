/**
 * Two-node latency, ingest to client: two server nodes (child processes) on one
 * PostgreSQL joined by the Redis streams adapter. A signed webhook is posted to node A;
 * the time until an agent connected to node B has applied the message is one sample
 * (and, for comparison, until an agent on node A itself has). Deliveries are sequential,
 * so the figure is latency, not queueing. Prints one JSON line per figure.
 *
 *   tsx bench/two-node-latency.ts            # BENCH_TWO_NODE_N=500 deliveries by default
 *
 * Uses HUIXIN_TEST_DATABASE_URL + HUIXIN_TEST_REDIS_URL when set, else starts a throwaway
 * PostgreSQL and redis-server (bench/support/services.ts), else prints why it skipped.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { loginResponseSchema, storeStream } from '../shared';
import { createUser } from '../server/accounts/users';
import { openDatabase } from '../server/storage/open-database';
import { createStore, grantStore } from '../server/stores/stores';
import { ChangeFeed } from '../server/sync/change-feed';
import { startClusterNode, uniqueStreamName, type ClusterNode } from '../server/testing/cluster';
import { CursorClient } from '../server/testing/cursor-client';
import { TEST_PLATFORM, signTestBody } from '../server/testing/test-connector';
import { TEST_PASSWORD, chatEvent } from '../server/testing/test-server';
import { obtainServices } from './support/services';

export interface LatencyFigure {
  name: string;
  n: number;
  value: number;
  unit: 'ms';
  [detail: string]: string | number | boolean | null;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
const round = (value: number): number => Math.round(value * 100) / 100;

function summarise(name: string, samples: number[], details: Record<string, string | number>): LatencyFigure {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    n: sorted.length,
    value: round(percentile(sorted, 50)),
    unit: 'ms',
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    ...details,
  };
}

export async function measureTwoNodeLatency(n: number): Promise<LatencyFigure[] | { skipped: string }> {
  const services = await obtainServices();
  if ('skipped' in services) return services;
  const dbName = `huixin_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: services.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const databaseUrl = Object.assign(new URL(services.adminDatabaseUrl), { pathname: `/${dbName}` }).toString();
  const nodes: ClusterNode[] = [];
  const clients: CursorClient[] = [];
  const db = await openDatabase({ databaseUrl });
  try {
    const feed = new ChangeFeed(db);
    const store = { id: `st_${randomUUID().slice(0, 8)}`, secret: 'bench-secret' };
    await createStore(feed, { id: store.id, platform: TEST_PLATFORM, name: 'Bench store', currency: 'CNY', credentials: { secret: store.secret } });
    for (const name of ['near', 'far']) {
      const user = await createUser(feed, { name, role: 'agent', password: TEST_PASSWORD, displayName: name });
      await grantStore(db, store.id, user.id);
    }
    const streamName = uniqueStreamName();
    const [nodeA, nodeB] = await Promise.all([
      startClusterNode({ name: 'A', databaseUrl, redisUrl: services.redisUrl, streamName }),
      startClusterNode({ name: 'B', databaseUrl, redisUrl: services.redisUrl, streamName }),
    ]);
    nodes.push(nodeA, nodeB);

    const agentOn = async (node: ClusterNode, name: string): Promise<CursorClient> => {
      const response = await fetch(`${node.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: TEST_PASSWORD }),
      });
      const client = new CursorClient(loginResponseSchema.parse(await response.json()).token);
      clients.push(client);
      await client.connect(node.url);
      return client;
    };
    const near = await agentOn(nodeA, 'near'); // same node as the ingest
    const far = await agentOn(nodeB, 'far'); // the other node: through Redis

    const stream = storeStream(store.id);
    const arrivals = new Map<string, { near?: number; far?: number }>();
    const watch = (client: CursorClient, key: 'near' | 'far') =>
      client.onApplied((change, receivedAt) => {
        if (change.stream !== stream || change.entity !== 'message') return;
        const entry = arrivals.get(change.data.body) ?? {};
        entry[key] = receivedAt;
        arrivals.set(change.data.body, entry);
      });
    watch(near, 'near');
    watch(far, 'far');

    const deliver = async (body: string): Promise<number> => {
      const payload = JSON.stringify({ events: [chatEvent({ body })] });
      const sentAt = performance.now();
      const response = await fetch(`${nodeA.url}/webhooks/${TEST_PLATFORM}/${store.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, payload) },
        body: payload,
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      return sentAt;
    };
    const arrived = async (body: string): Promise<{ near: number; far: number }> => {
      const deadline = performance.now() + 10_000;
      for (;;) {
        const entry = arrivals.get(body);
        if (entry?.near !== undefined && entry.far !== undefined) return { near: entry.near, far: entry.far };
        if (performance.now() > deadline) throw new Error(`"${body}" did not reach both agents within 10 s`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    // Warm-up: JIT, connection pools, the first XREADs.
    for (let index = 0; index < 20; index += 1) {
      await deliver(`warm-up ${index}`);
      await arrived(`warm-up ${index}`);
    }
    const farSamples: number[] = [];
    const nearSamples: number[] = [];
    for (let index = 0; index < n; index += 1) {
      const body = `bench ${index}`;
      const sentAt = await deliver(body);
      const at = await arrived(body);
      farSamples.push(at.far - sentAt);
      nearSamples.push(at.near - sentAt);
    }
    await Promise.all([near.settled(), far.settled()]);
    const details = { gapsPulled: far.gapsPulled, at: new Date().toISOString(), services: services.origin };
    return [
      summarise('sync.twoNode.ingestToClient.otherNode', farSamples, details),
      summarise('sync.twoNode.ingestToClient.sameNode', nearSamples, { ...details, gapsPulled: near.gapsPulled }),
    ];
  } finally {
    for (const client of clients) client.disconnect();
    await Promise.all(nodes.map((node) => node.stop()));
    await db.close();
    const cleanup = new pg.Client({ connectionString: services.adminDatabaseUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await cleanup.end();
    await services.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const n = z.coerce.number().int().min(1).max(100_000).default(500).parse(process.env['BENCH_TWO_NODE_N'] || undefined);
  const result = await measureTwoNodeLatency(n);
  if ('skipped' in result) console.log(JSON.stringify({ name: 'sync.twoNode.ingestToClient', skipped: result.skipped }));
  else for (const figure of result) console.log(JSON.stringify(figure));
}
