import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceEvents, loginResponseSchema, presenceUpdateSchema, type PresenceUpdate, type User } from '../../shared';
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
 * Who views and types in a thread across nodes (server/cluster/cluster-thread-presence.ts):
 * agents on two nodes in one conversation see each other in `presence:update`, typing on
 * one node shows on the other, and once a node is killed its viewers drop out of the
 * survivor's updates after the presence TTL.
 */
const services = await clusterServicesFromEnv();
if (!services.ok) console.warn(`[thread-presence] SKIPPED: ${services.reason}`);

/** Short, so that the test waits about two seconds for a killed node's viewers to expire. */
const PRESENCE_TTL_MS = 1_500;

interface Agent {
  user: User;
  client: CursorClient;
  updates: PresenceUpdate[];
  /** Resolves with the first update for `conversationId` from the `from`-th on (received already or later) that matches. */
  updateWhere(conversationId: string, what: string, predicate: (update: PresenceUpdate) => boolean, from?: number): Promise<PresenceUpdate>;
}

describe.skipIf(!services.ok)('thread presence across two server nodes on one Redis', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let nodeA: ClusterNode;
  let nodeB: ClusterNode;
  let xia: User;
  let yan: User;
  const store = { id: `st_${randomUUID().slice(0, 8)}`, secret: 'thread-presence-secret' };
  const clients: CursorClient[] = [];

  beforeAll(async () => {
    if (!services.ok) return;
    testDatabase = await createTestDatabase();
    const databaseUrl = testDatabase.config.databaseUrl;
    if (!databaseUrl) throw new Error('the cluster test needs PostgreSQL');
    db = await openDatabase({ databaseUrl });
    const feed = new ChangeFeed(db);
    await createStore(feed, { id: store.id, platform: TEST_PLATFORM, name: 'Thread presence store', currency: 'CNY', credentials: { secret: store.secret } });
    xia = await createUser(feed, { name: 'xia', role: 'agent', password: TEST_PASSWORD, displayName: 'Xia' });
    yan = await createUser(feed, { name: 'yan', role: 'agent', password: TEST_PASSWORD, displayName: 'Yan' });
    for (const user of [xia, yan]) await grantStore(db, store.id, user.id);
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

  async function agentOn(node: ClusterNode, user: User): Promise<Agent> {
    const response = await fetch(`${node.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user.name, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const client = new CursorClient(loginResponseSchema.parse(await response.json()).token);
    clients.push(client);
    await client.connect(node.url);
    const socket = client.socket;
    if (!socket) throw new Error('not connected');
    const updates: PresenceUpdate[] = [];
    const waiters: Array<() => void> = [];
    socket.on(PresenceEvents.update, (payload: unknown) => {
      updates.push(presenceUpdateSchema.parse(payload));
      waiters.splice(0).forEach((wake) => wake());
    });
    const updateWhere = (conversationId: string, what: string, predicate: (update: PresenceUpdate) => boolean, from = 0) =>
      new Promise<PresenceUpdate>((resolve, reject) => {
        const timer = setTimeout(() => {
          const seen = updates.filter((update) => update.conversationId === conversationId);
          reject(new Error(`${user.name} never saw ${what}; last update: ${JSON.stringify(seen.at(-1) ?? null)}`));
        }, 15_000);
        const check = () => {
          const found = updates.slice(from).find((update) => update.conversationId === conversationId && predicate(update));
          if (!found) return void waiters.push(check);
          clearTimeout(timer);
          resolve(found);
        };
        check();
      });
    return { user, client, updates, updateWhere };
  }

  async function emit(agent: Agent, event: string, payload: unknown): Promise<void> {
    const socket = agent.client.socket;
    if (!socket) throw new Error('not connected');
    expect(await socket.timeout(10_000).emitWithAck(event, payload)).toEqual({ ok: true });
  }

  async function newConversation(body: string): Promise<string> {
    const customer = { platformUserId: `buyer-${randomUUID().slice(0, 8)}`, nickname: 'buyer', locale: 'zh-CN', email: null };
    const requestBody = JSON.stringify({ events: [chatEvent({ customer, body })] });
    const response = await fetch(`${nodeA.url}/webhooks/${TEST_PLATFORM}/${store.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, requestBody) },
      body: requestBody,
    });
    expect(response.status).toBe(200);
    const [row] = await db.query<{ id: string }>(
      `SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id
        WHERE cu.store_id = $1 AND cu.platform_user_id = $2`,
      [store.id, customer.platformUserId],
    );
    if (!row) throw new Error('the chat made no conversation');
    return row.id;
  }

  const sorted = (...users: User[]) => users.map((user) => user.id).sort();

  it('agents on two nodes see each other view and type; a killed node’s viewer leaves after the TTL', async () => {
    const conversationId = await newConversation('这个有货吗？');
    const x = await agentOn(nodeA, xia);
    const y = await agentOn(nodeB, yan);

    await emit(x, PresenceEvents.viewing, { conversationId });
    await emit(y, PresenceEvents.viewing, { conversationId });
    const both = sorted(xia, yan);
    await x.updateWhere(conversationId, 'Yan (node B) among the viewers', (update) => update.viewers.join() === both.join());
    await y.updateWhere(conversationId, 'Xia (node A) among the viewers', (update) => update.viewers.join() === both.join());

    await emit(y, PresenceEvents.typing, { conversationId });
    const typing = await x.updateWhere(conversationId, 'Yan typing', (update) => update.typing.includes(yan.id));
    expect(typing.typing).toEqual([yan.id]);
    expect(typing.viewers).toEqual(both);

    // Node B dies without a goodbye: nothing tells node A but the expiry of B's entry.
    const seenBeforeKill = x.updates.length;
    await nodeB.kill();
    const after = await x.updateWhere(conversationId, 'Yan gone after node B died', (update) => !update.viewers.includes(yan.id), seenBeforeKill);
    expect(after).toEqual({ conversationId, viewers: [xia.id], typing: [] });
  });
});
