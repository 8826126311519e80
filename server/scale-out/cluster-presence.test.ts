import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceEvents, loginResponseSchema, presenceOnlineSchema, type InboundEvent, type User } from '../../shared';
import { createUser } from '../accounts/users';
import { writeAssignmentSettings } from '../inbox/auto-assigner';
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
 * Presence across nodes (server/cluster/cluster-presence.ts): an agent connected to node B
 * counts as online on node A — in A's online list and for A's automatic assignment — and
 * stops counting once node B is killed and its presence entry expires in Redis.
 */
const services = await clusterServicesFromEnv();
if (!services.ok) console.warn(`[cluster-presence] SKIPPED: ${services.reason}`);

/** Short, so that the test waits about two seconds for a killed node's agents to expire. */
const PRESENCE_TTL_MS = 1_500;

async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!services.ok)('presence across two server nodes on one Redis', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let nodeA: ClusterNode;
  let nodeB: ClusterNode;
  let dora: User;
  let lead: User;
  const store = { id: `st_${randomUUID().slice(0, 8)}`, secret: 'presence-secret' };
  const clients: CursorClient[] = [];

  beforeAll(async () => {
    if (!services.ok) return;
    testDatabase = await createTestDatabase();
    const databaseUrl = testDatabase.config.databaseUrl;
    if (!databaseUrl) throw new Error('the cluster test needs PostgreSQL');
    db = await openDatabase({ databaseUrl });
    const feed = new ChangeFeed(db);
    await createStore(feed, { id: store.id, platform: TEST_PLATFORM, name: 'Presence store', currency: 'CNY', credentials: { secret: store.secret } });
    dora = await createUser(feed, { name: 'dora', role: 'agent', password: TEST_PASSWORD, displayName: 'Dora' });
    await grantStore(db, store.id, dora.id);
    lead = await createUser(feed, { name: 'lena', role: 'lead', password: TEST_PASSWORD, displayName: 'Lena' });
    await writeAssignmentSettings(db, { mode: 'round_robin', cap: 10 });
    const streamName = uniqueStreamName();
    const start = (name: string) => startClusterNode({ name, databaseUrl, redisUrl: services.redisUrl, streamName, presenceTtlMs: PRESENCE_TTL_MS });
    [nodeA, nodeB] = await Promise.all([start('A'), start('B')]);
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await db?.close();
    await testDatabase?.drop();
  });

  async function connect(node: ClusterNode, name: string): Promise<CursorClient> {
    const response = await fetch(`${node.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const client = new CursorClient(loginResponseSchema.parse(await response.json()).token);
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

  const assigneeOfBuyer = async (platformUserId: string): Promise<string | null | undefined> => {
    const [row] = await db.query<{ assignee_id: string | null }>(
      `SELECT c.assignee_id FROM conversations c JOIN customers cu ON cu.id = c.customer_id
        WHERE cu.store_id = $1 AND cu.platform_user_id = $2`,
      [store.id, platformUserId],
    );
    return row?.assignee_id;
  };
  const buyer = (id: string) => ({ platformUserId: id, nickname: id, locale: 'zh-CN', email: null });

  it('an agent on node B is online on node A and gets A’s new chats; once B is killed and the TTL passed, no longer', async () => {
    // The lead watches node A's online list (a lead is never auto-assigned).
    const watcher = await connect(nodeA, 'lena');
    let online: string[] = [];
    watcher.socket?.on(PresenceEvents.online, (payload: unknown) => {
      online = presenceOnlineSchema.parse(payload).userIds;
    });

    await connect(nodeB, 'dora');
    await waitUntil('node A lists Dora (connected to node B) as online', () => online.includes(dora.id));
    expect(online).toContain(lead.id);

    await deliver(nodeA, [chatEvent({ customer: buyer('presence-buyer-1'), body: '在吗？' })]);
    expect(await assigneeOfBuyer('presence-buyer-1')).toBe(dora.id);

    await nodeB.kill();
    await waitUntil('node A drops Dora after node B died and its presence expired', () => !online.includes(dora.id));
    expect(online).toEqual([lead.id]);

    await deliver(nodeA, [chatEvent({ customer: buyer('presence-buyer-2'), body: '有人吗？' })]);
    expect(await assigneeOfBuyer('presence-buyer-2')).toBeNull();
  });
});
