import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponseSchema, storeStream, type Change, type InboundEvent } from '../../shared';
import { createUser } from '../accounts/users';
import { openDatabase } from '../storage/open-database';
import type { Database } from '../storage/database';
import { createStore, grantStore } from '../stores/stores';
import { ChangeFeed } from '../sync/change-feed';
import { clusterServicesFromEnv, startClusterNode, uniqueStreamName, type ClusterNode } from '../testing/cluster';
import { CursorClient } from '../testing/cursor-client';
import { TEST_PLATFORM, signTestBody } from '../testing/test-connector';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { TEST_PASSWORD, chatEvent } from '../testing/test-server';

/**
 * Two server nodes (child processes) on one PostgreSQL, joined by the Redis streams
 * adapter: what one node ingests reaches agents connected to the other, in order; a
 * logout on one node cuts sockets on the other; and when a node is SIGKILLed its agents
 * move to the survivor and, pulling from their cursors, end up with every message once.
 */
const services = await clusterServicesFromEnv();
if (!services.ok) console.warn(`[two-nodes] SKIPPED: ${services.reason}`);

/** Polls `condition` until it holds; the test's own timeout bounds the wait. */
async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a clear failure after `timeoutMs` instead of the test's own timeout. */
async function within<T>(what: string, promise: Promise<T>, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const messageBodies = (changes: Change[] | undefined): string[] =>
  (changes ?? []).flatMap((change) => (change.entity === 'message' ? [change.data.body] : []));

describe.skipIf(!services.ok)('two server nodes on one PostgreSQL and Redis', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let nodeA: ClusterNode;
  let nodeB: ClusterNode;
  const store = { id: `st_${randomUUID().slice(0, 8)}`, secret: 'two-node-secret' };
  const stream = storeStream(store.id);
  const clients: CursorClient[] = [];

  beforeAll(async () => {
    if (!services.ok) return;
    testDatabase = await createTestDatabase();
    const databaseUrl = testDatabase.config.databaseUrl;
    if (!databaseUrl) throw new Error('the cluster test needs PostgreSQL');
    db = await openDatabase({ databaseUrl });
    const feed = new ChangeFeed(db);
    await createStore(feed, { id: store.id, platform: TEST_PLATFORM, name: 'Two-node store', currency: 'CNY', credentials: { secret: store.secret } });
    for (const name of ['alice', 'bob', 'carol']) {
      const user = await createUser(feed, { name, role: 'agent', password: TEST_PASSWORD, displayName: name });
      await grantStore(db, store.id, user.id);
    }
    const streamName = uniqueStreamName();
    const redisUrl = services.redisUrl;
    [nodeA, nodeB] = await Promise.all([
      startClusterNode({ name: 'A', databaseUrl, redisUrl, streamName }),
      startClusterNode({ name: 'B', databaseUrl, redisUrl, streamName }),
    ]);
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await db?.close();
    await testDatabase?.drop();
  });

  async function login(node: ClusterNode, name: string): Promise<string> {
    const response = await fetch(`${node.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    return loginResponseSchema.parse(await response.json()).token;
  }

  async function agentOn(node: ClusterNode, name: string): Promise<CursorClient> {
    const client = new CursorClient(await login(node, name));
    clients.push(client);
    await client.connect(node.url);
    return client;
  }

  async function deliver(node: ClusterNode, events: InboundEvent[]): Promise<void> {
    const body = JSON.stringify({ events });
    const response = await fetch(`${node.url}/webhooks/${TEST_PLATFORM}/${store.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) },
      body,
    });
    expect(response.status).toBe(200);
  }

  /** The store's message bodies in the order they entered the stream. */
  const dbBodies = async (): Promise<string[]> =>
    (
      await db.query<{ body: string }>(
        `SELECT m.body FROM messages m
           JOIN (SELECT entity_id, min(seq) AS first_seq FROM changes
                  WHERE stream = $1 AND entity = 'message' GROUP BY entity_id) c ON c.entity_id = m.id
          ORDER BY c.first_seq`,
        [stream],
      )
    ).map((row) => row.body);
  const dbHead = async (): Promise<number> =>
    (await db.query<{ head_seq: number }>('SELECT head_seq FROM streams WHERE stream = $1', [stream]))[0]?.head_seq ?? 0;

  it('delivers what one node ingests to agents on the other node, pushed in order through Redis', async () => {
    const alice = await agentOn(nodeA, 'alice');
    const bob = await agentOn(nodeB, 'bob');
    const sent: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const node = index < 15 ? nodeA : nodeB; // mostly A → bob on B; the rest B → alice on A
      const body = `cross-node ${index} via ${node.name}`;
      sent.push(body);
      await deliver(node, [chatEvent({ body })]);
    }
    const head = await dbHead();
    await waitUntil('both agents reached the stream head', () => alice.cursors.get(stream) === head && bob.cursors.get(stream) === head);
    await Promise.all([alice.settled(), bob.settled()]);

    for (const client of [alice, bob]) {
      expect(messageBodies(client.applied.get(stream))).toEqual(sent);
      const seqs = (client.applied.get(stream) ?? []).map((change) => change.seq);
      expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index)); // consecutive
      // Everything arrived live by push, in seq order, none needed the gap rule.
      expect(client.gapsPulled).toBe(0);
    }
    expect(await dbBodies()).toEqual(sent);
  });

  it('a logout on one node disconnects the session’s socket on the other node', async () => {
    const token = await login(nodeA, 'bob');
    const client = new CursorClient(token);
    clients.push(client);
    await client.connect(nodeB.url);
    const socket = client.socket;
    if (!socket) throw new Error('not connected');
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const response = await fetch(`${nodeA.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await within('the socket on node B to be cut', disconnected)).toBe('io server disconnect'); // cut by the server, not a network error
  });

  it('counts failed logins on every node: a name locked out through node A is refused by node B', async () => {
    const attempt = (node: ClusterNode) =>
      fetch(`${node.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'mallory', password: 'guess' }),
      }).then((response) => response.status);
    // The cluster nodes keep the default budget: 10 failures per name and address.
    for (let index = 0; index < 10; index += 1) expect(await attempt(nodeA)).toBe(401);
    expect(await attempt(nodeA)).toBe(429);
    // Node B alone has seen nothing; on its own it would answer 401 ten more times. A few
    // tries leave room for the Redis message to arrive; each try also counts on B.
    const onB: number[] = [];
    for (let index = 0; index < 3 && onB.at(-1) !== 429; index += 1) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      onB.push(await attempt(nodeB));
    }
    expect(onB.at(-1)).toBe(429);
  });

  it('loses nothing when a node is killed: its agent moves to the survivor and pulls from its cursor', async () => {
    const alice = await agentOn(nodeA, 'alice');
    const carol = await agentOn(nodeB, 'carol');
    const before = (await dbBodies()).length;
    const total = 60;
    const sent: string[] = [];
    let killed = false;
    const carolDisconnected = new Promise<void>((resolve) => carol.socket?.once('disconnect', () => resolve()));

    for (let index = 0; index < total; index += 1) {
      const body = `during failover ${index}`;
      sent.push(body);
      await deliver(nodeA, [chatEvent({ body })]);
      if (index === 20) {
        // Carol has seen some of them live through node B; now B dies mid-stream.
        await waitUntil('carol received a message live on node B', () => messageBodies(carol.applied.get(stream)).includes('during failover 5'));
        await nodeB.kill();
        killed = true;
      }
      if (killed && index === 30) {
        await within('carol to notice that node B died', carolDisconnected);
        await carol.connect(nodeA.url); // same cursors: the welcome pulls what she missed
      }
    }
    const head = await dbHead();
    await waitUntil('both agents reached the stream head', () => alice.cursors.get(stream) === head && carol.cursors.get(stream) === head);
    await Promise.all([alice.settled(), carol.settled()]);

    const all = await dbBodies();
    expect(all.slice(before)).toEqual(sent);
    for (const client of [alice, carol]) {
      const bodies = messageBodies(client.applied.get(stream));
      // Every message exactly once, in the order it was ingested.
      expect(bodies.slice(-total)).toEqual(sent);
      expect(new Set(bodies).size).toBe(bodies.length);
    }
    expect(carol.cursors.get(stream)).toBe(head);
  });
});
