import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { createLogger } from '../logger';
import { ConversationPresence } from '../sync/conversation-presence';
import { uniqueStreamName } from '../testing/cluster';
import { shareClusterThreadPresence } from './cluster-thread-presence';
import type { RedisConnection } from './redis-adapter';

/**
 * Two "nodes" (two ConversationPresence states, each shared through its own Redis client)
 * on one real Redis: what one node's sockets view and type reaches the other, repeated
 * typing is not re-announced, a graceful close removes a node's viewers at once, and a
 * malformed entry in Redis is ignored.
 */
const redisUrl = process.env['HUIXIN_TEST_REDIS_URL']?.trim() ?? '';
if (redisUrl === '') console.warn('[cluster-thread-presence] SKIPPED: HUIXIN_TEST_REDIS_URL (Redis) is not set; .ci/run sets it');

const silent = createLogger('silent');
/** Long: anything that disappears in these tests did so by a message, not by expiry. */
const TTL_MS = 60_000;

async function waitUntil(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(redisUrl === '')('thread presence shared through Redis', () => {
  const prefix = uniqueStreamName();
  const clients: RedisConnection[] = [];
  const closers: Array<() => Promise<void>> = [];
  let a: ConversationPresence;
  let b: ConversationPresence;
  let closeB: () => Promise<void>;
  let listener: RedisConnection;
  const announcements: string[] = [];

  async function node(): Promise<{ state: ConversationPresence; close: () => Promise<void> }> {
    const client: RedisConnection = createClient({ url: redisUrl });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    const state = new ConversationPresence();
    const close = await shareClusterThreadPresence(state, client, silent, { prefix, ttlMs: TTL_MS });
    closers.push(close);
    return { state, close };
  }

  beforeAll(async () => {
    listener = createClient({ url: redisUrl });
    listener.on('error', () => undefined);
    await listener.connect();
    await listener.subscribe(`${prefix}:threads`, (message) => void announcements.push(message));
    a = (await node()).state;
    ({ state: b, close: closeB } = await node());
  });

  afterAll(async () => {
    for (const close of closers) await close();
    for (const client of [...clients, listener]) client?.destroy();
  });

  it('shows one node’s viewers and typists on the other, and announces repeated typing once', async () => {
    a.view('socket-a1', 'user-x', { conversationId: 'conv-1', storeId: 'store-1' });
    b.view('socket-b1', 'user-y', { conversationId: 'conv-1', storeId: 'store-1' });
    await waitUntil('each node sees both viewers', () =>
      [a, b].every((state) => state.snapshot('conv-1').viewers.join() === 'user-x,user-y'),
    );
    expect(a.snapshot('conv-1').storeId).toBe('store-1');

    // Both views were announced (one message each) before counting starts.
    await waitUntil('the listener heard both views', () => announcements.filter((message) => message.includes('conv-1')).length === 2);
    const before = announcements.length;
    for (let index = 0; index < 50; index += 1) b.typing('user-y', 'conv-1', 'store-1', 5_000);
    await waitUntil('node A sees Y typing', () => a.snapshot('conv-1').typing.join() === 'user-y');

    // Y moves to another thread: A sees Y leave conv-1 (and typing ends with the view).
    b.view('socket-b1', 'user-y', { conversationId: 'conv-2', storeId: 'store-1' });
    await waitUntil('node A sees Y in conv-2 only', () => a.snapshot('conv-2').viewers.join() === 'user-y' && a.snapshot('conv-1').viewers.join() === 'user-x');
    await waitUntil('the move’s announcement reached the listener', () => announcements.slice(before).some((message) => message.includes('conv-2')));
    // 50 keystroke signals made one announcement; the move the second (messages keep their order).
    expect(announcements.length - before).toBe(2);
    expect(a.snapshot('conv-1').typing).toEqual([]);
  });

  it('ignores a malformed entry another writer left in Redis', async () => {
    const [client] = clients;
    if (!client) throw new Error('no client');
    const nodeId = 'not-a-real-node';
    await client.multi().hSet(`${prefix}:threads:node:${nodeId}`, { alive: '1', 'c:conv-1': '{"storeId":42}' }).sAdd(`${prefix}:threads:nodes`, nodeId).exec();
    await client.publish(`${prefix}:threads`, JSON.stringify({ node: nodeId, conversationIds: ['conv-1'] }));
    await client.publish(`${prefix}:threads`, 'not json');
    b.view('socket-b2', 'user-z', { conversationId: 'conv-1', storeId: 'store-1' }); // a change after the junk
    await waitUntil('node A sees Z', () => a.snapshot('conv-1').viewers.includes('user-z'));
    expect(a.snapshot('conv-1').viewers).toEqual(['user-x', 'user-z']);
    await client.multi().del(`${prefix}:threads:node:${nodeId}`).sRem(`${prefix}:threads:nodes`, nodeId).exec();
  });

  it('drops a node’s viewers at once when it closes gracefully (long before its TTL)', async () => {
    await closeB();
    await waitUntil('node A forgot node B', () => a.snapshot('conv-1').viewers.join() === 'user-x' && a.snapshot('conv-2').viewers.length === 0);
    expect(a.remoteNodeIds()).toEqual([]);
  });
});
