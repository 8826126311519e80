import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { Presence } from '../sync/presence';
import type { RedisConnection } from './redis-adapter';

/** How long a node's presence lives in Redis without a heartbeat (a crashed node's agents expire after it). */
export const DEFAULT_PRESENCE_TTL_MS = 15_000;

/** One node's entry: who has a socket on it. Other nodes wrote it, so it is parsed. */
const nodeEntrySchema = z.object({ userIds: z.array(z.string().min(1).max(128)).max(100_000) });

export interface ClusterPresenceOptions {
  /** The deployment's prefix (the adapter's stream name), so two deployments on one Redis stay apart. */
  prefix: string;
  ttlMs?: number;
}

/**
 * Makes "who is online" cluster-wide. Each node keeps its own users in Redis under
 * `<prefix>:presence:node:<nodeId>` with a TTL, rewritten on every local change and on a
 * heartbeat (a third of the TTL), and lists itself in the set `<prefix>:presence:nodes`.
 * A node announces its changes on `<prefix>:presence`; on that, and on every heartbeat,
 * each node reads the other nodes' entries and hands the union to `presence.setRemote`.
 * A node that dies without a goodbye stops renewing its key, Redis expires it, and the
 * others drop its agents at their next heartbeat: within TTL + TTL/3. Expiry uses Redis's
 * clock only, so the nodes' clocks do not matter. While Redis cannot be read for longer
 * than the TTL, the other nodes' agents count as offline (automatic assignment then only
 * picks agents this node can vouch for).
 */
export async function shareClusterPresence(
  presence: Presence,
  client: RedisConnection,
  log: Logger,
  options: ClusterPresenceOptions,
): Promise<() => Promise<void>> {
  const ttlMs = options.ttlMs ?? DEFAULT_PRESENCE_TTL_MS;
  const nodeId = randomUUID();
  const nodesKey = `${options.prefix}:presence:nodes`;
  const nodeKey = (id: string) => `${options.prefix}:presence:node:${id}`;
  const channel = `${options.prefix}:presence`;
  let closed = false;
  let lastRead = Date.now();

  const write = async (): Promise<void> => {
    if (closed) return; // after the goodbye, a late write would bring this node back for a TTL
    await client
      .multi()
      .set(nodeKey(nodeId), JSON.stringify({ userIds: presence.localUserIds() }), { expiration: { type: 'PX', value: ttlMs } })
      .sAdd(nodesKey, nodeId)
      .exec();
    await client.publish(channel, nodeId);
  };

  const read = async (): Promise<void> => {
    const others = (await client.sMembers(nodesKey)).filter((id) => id !== nodeId);
    const entries = others.length === 0 ? [] : await client.mGet(others.map(nodeKey));
    const online = new Set<string>();
    const expired: string[] = [];
    entries.forEach((raw, index) => {
      const id = others[index];
      if (id === undefined) return;
      if (raw === null) return void expired.push(id);
      const parsed = nodeEntrySchema.safeParse(safeJson(raw));
      if (!parsed.success) return void log.warn('ignored a malformed presence entry in Redis', { node: id });
      for (const userId of parsed.data.userIds) online.add(userId);
    });
    // A node whose key expired is gone (or partitioned; it adds itself back on its next heartbeat).
    if (expired.length > 0) await client.sRem(nodesKey, expired);
    lastRead = Date.now();
    if (!closed) presence.setRemote(online);
  };

  // One write and one read at a time; a request meanwhile runs once more afterwards.
  const writes = serialized(write, (error) => log.warn('could not share presence with the other nodes', { error: String(error) }));
  const reads = serialized(read, (error) => {
    log.warn('could not read the other nodes’ presence', { error: String(error) });
    if (Date.now() - lastRead > ttlMs) presence.setRemote([]);
  });

  const subscriber = client.duplicate();
  subscriber.on('error', () => undefined); // the main client already logs Redis trouble
  await subscriber.connect();
  await subscriber.subscribe(channel, (origin) => {
    if (origin !== nodeId) reads.run();
  });
  const stopListening = presence.onChange((source) => {
    if (source === 'local') writes.run();
  });
  await writes.runNow();
  await reads.runNow();
  const heartbeat = setInterval(() => {
    writes.run();
    reads.run();
  }, Math.max(50, Math.floor(ttlMs / 3)));
  heartbeat.unref();

  return async () => {
    closed = true;
    clearInterval(heartbeat);
    stopListening();
    await writes.idle();
    // A graceful goodbye: the others drop this node's agents now instead of after the TTL.
    try {
      await client.multi().del(nodeKey(nodeId)).sRem(nodesKey, nodeId).exec();
      await client.publish(channel, nodeId);
    } catch (error) {
      log.warn('could not remove this node’s presence from Redis', { error: String(error) });
    }
    subscriber.destroy();
  };
}

export function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Runs `task` one at a time; calls while it runs coalesce into one more run. */
export function serialized(task: () => Promise<void>, onError: (error: unknown) => void) {
  let running: Promise<void> | null = null;
  let again = false;
  const start = (): Promise<void> => {
    running = task()
      .catch(onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void start();
        }
      });
    return running;
  };
  return {
    run(): void {
      if (running) again = true;
      else void start();
    },
    async runNow(): Promise<void> {
      await this.idle();
      await start();
    },
    /** Resolves once no run is in progress or queued. */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}
