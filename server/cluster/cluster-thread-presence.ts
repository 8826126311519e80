import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { idSchema } from '../../shared';
import type { Logger } from '../logger';
import type { ConversationPresence, NodeThreadPresence } from '../sync/conversation-presence';
import { DEFAULT_PRESENCE_TTL_MS, safeJson, serialized } from './cluster-presence';
import type { RedisConnection } from './redis-adapter';

/** Marks a node's hash as alive even while its sockets view nothing (a missing hash = a dead node). */
const ALIVE_FIELD = 'alive';
const conversationField = (conversationId: string) => `c:${conversationId}`;

/** One conversation as a node wrote it. Other nodes wrote it, so it is parsed. */
const threadEntrySchema = z.object({
  storeId: idSchema,
  viewers: z.array(idSchema).max(10_000),
  typing: z.array(idSchema).max(10_000),
});

/** "Node X changed these conversations" (null: re-read all of X, as after it started or left). */
const announcementSchema = z.object({
  node: z.string().min(1).max(64),
  conversationIds: z.array(idSchema).max(100_000).nullable(),
});

export interface ClusterThreadPresenceOptions {
  /** The deployment's prefix (the adapter's stream name), so two deployments on one Redis stay apart. */
  prefix: string;
  ttlMs?: number;
}

/**
 * Makes "who views / types in this thread" cluster-wide, with the same lifetime rules as
 * the online list (cluster-presence.ts). Each node keeps its own viewers and typists in
 * the hash `<prefix>:threads:node:<nodeId>` (one field per conversation, plus `alive`)
 * with a TTL, and lists itself in the set `<prefix>:threads:nodes`. A local change is
 * written to the hash and announced on `<prefix>:threads` in one MULTI; the other nodes
 * read the named fields back and feed them to `ConversationPresence.setRemote`, whose
 * 'remote' change makes the gateway update their own sockets. A heartbeat (TTL/3)
 * rewrites the whole hash, renewing its TTL, and re-reads every other node's, which
 * repairs anything a lost message or a Redis outage left behind. A node that dies stops
 * renewing; its hash expires and the others drop its viewers within TTL + TTL/3.
 *
 * No flood: typing repeats only extend a deadline on the typist's node (nothing is
 * announced until the signal starts or expires), and a burst of changes coalesces into
 * one write while the previous one is in flight. Every read runs on the one client
 * connection, so replies arrive in the order they were asked for and a late heartbeat
 * read never overwrites a newer announcement's.
 */
export async function shareClusterThreadPresence(
  conversations: ConversationPresence,
  client: RedisConnection,
  log: Logger,
  options: ClusterThreadPresenceOptions,
): Promise<() => Promise<void>> {
  const ttlMs = options.ttlMs ?? DEFAULT_PRESENCE_TTL_MS;
  const nodeId = randomUUID();
  const nodesKey = `${options.prefix}:threads:nodes`;
  const nodeKey = (id: string) => `${options.prefix}:threads:node:${id}`;
  const channel = `${options.prefix}:threads`;
  let closed = false;
  let lastRead = Date.now();
  /** Conversations changed here since the last write; null = rewrite the whole hash. */
  let pending: Set<string> | null = null;
  let rewriteAll = true;

  const fieldsOf = (ids: Iterable<string>): { set: Record<string, string>; removed: string[] } => {
    const set: Record<string, string> = {};
    const removed: string[] = [];
    for (const id of ids) {
      const presence = conversations.localSnapshot(id);
      if (presence) set[conversationField(id)] = JSON.stringify(presence);
      else removed.push(conversationField(id));
    }
    return { set, removed };
  };

  const write = async (): Promise<void> => {
    if (closed) return; // after the goodbye, a late write would bring this node back for a TTL
    const full = rewriteAll;
    const changed = pending;
    rewriteAll = false;
    pending = null;
    try {
      const multi = client.multi();
      if (full) {
        const { set } = fieldsOf(conversations.localConversationIds());
        multi.del(nodeKey(nodeId)).hSet(nodeKey(nodeId), { ...set, [ALIVE_FIELD]: '1' });
      } else if (changed) {
        const { set, removed } = fieldsOf(changed);
        multi.hSet(nodeKey(nodeId), { ...set, [ALIVE_FIELD]: '1' });
        if (removed.length > 0) multi.hDel(nodeKey(nodeId), removed);
      } else {
        multi.hSet(nodeKey(nodeId), ALIVE_FIELD, '1');
      }
      multi.pExpire(nodeKey(nodeId), ttlMs).sAdd(nodesKey, nodeId);
      if (changed && changed.size > 0) multi.publish(channel, JSON.stringify({ node: nodeId, conversationIds: [...changed] }));
      await multi.exec();
    } catch (error) {
      // What was not written is written whole, and announced, at the next attempt.
      rewriteAll = true;
      for (const id of changed ?? []) (pending ??= new Set()).add(id);
      throw error;
    }
  };

  const parseEntry = (raw: string | null | undefined, node: string): NodeThreadPresence | null => {
    if (raw === null || raw === undefined) return null;
    const parsed = threadEntrySchema.safeParse(safeJson(raw));
    if (parsed.success) return parsed.data;
    log.warn('ignored a malformed thread-presence entry in Redis', { node });
    return null;
  };

  const applyNode = (node: string, hash: Record<string, string>): void => {
    const entries = new Map<string, NodeThreadPresence>();
    for (const [field, raw] of Object.entries(hash)) {
      if (!field.startsWith('c:')) continue;
      const entry = parseEntry(raw, node);
      if (entry) entries.set(field.slice(2), entry);
    }
    if (!closed) conversations.replaceRemoteNode(node, entries);
  };

  /** Every other node's hash, in one MULTI so that the replies are one consistent moment. */
  const readAll = async (): Promise<void> => {
    // Listed nodes, and the ones heard from that are not listed (any more, or not yet: a
    // node lists itself in the same MULTI as its first write, which may land after SMEMBERS).
    const listed = (await client.sMembers(nodesKey)).filter((id) => id !== nodeId);
    const others = [...new Set([...listed, ...conversations.remoteNodeIds()])];
    const multi = client.multi();
    for (const id of others) multi.hGetAll(nodeKey(id));
    const replies: unknown[] = others.length === 0 ? [] : await multi.exec();
    const expired: string[] = [];
    others.forEach((id, index) => {
      const hash = z.record(z.string(), z.string()).safeParse(replies[index]);
      const fields = hash.success ? hash.data : {};
      if (fields[ALIVE_FIELD] === undefined) expired.push(id); // gone (or partitioned: it adds itself back)
      applyNode(id, fields);
    });
    if (expired.length > 0) await client.sRem(nodesKey, expired);
    lastRead = Date.now();
  };

  const readAnnounced = async (message: string): Promise<void> => {
    const parsed = announcementSchema.safeParse(safeJson(message));
    if (!parsed.success) return void log.warn('ignored a malformed thread-presence announcement');
    const { node, conversationIds } = parsed.data;
    if (node === nodeId) return;
    if (conversationIds === null) {
      applyNode(node, await client.hGetAll(nodeKey(node)));
      return;
    }
    if (conversationIds.length === 0) return;
    const raws = await client.hmGet(nodeKey(node), conversationIds.map(conversationField));
    if (closed) return;
    conversationIds.forEach((id, index) => conversations.setRemote(node, id, parseEntry(raws[index], node)));
  };

  const writes = serialized(write, (error) => log.warn('could not share thread presence with the other nodes', { error: String(error) }));
  const reads = serialized(readAll, (error) => {
    log.warn('could not read the other nodes’ thread presence', { error: String(error) });
    // Redis unreachable for longer than a TTL: the other nodes' viewers may be long gone.
    if (Date.now() - lastRead > ttlMs) for (const id of conversations.remoteNodeIds()) applyNode(id, {});
  });

  const subscriber = client.duplicate();
  subscriber.on('error', () => undefined); // the main client already logs Redis trouble
  await subscriber.connect();
  await subscriber.subscribe(channel, (message) => {
    readAnnounced(message).catch((error: unknown) => log.warn('could not read announced thread presence', { error: String(error) }));
  });
  const stopListening = conversations.onChange((conversationId, _storeId, source) => {
    if (source !== 'local') return;
    const first = pending === null;
    (pending ??= new Set()).add(conversationId);
    // Changes made in one go (leaving one thread for another) share one write and one message.
    if (first) queueMicrotask(() => writes.run());
  });
  await writes.runNow();
  // Tell the running nodes to read this one (it may hold viewers already, after a Redis outage).
  await client.publish(channel, JSON.stringify({ node: nodeId, conversationIds: null }));
  await reads.runNow();
  const heartbeat = setInterval(() => {
    rewriteAll = true;
    writes.run();
    reads.run();
  }, Math.max(50, Math.floor(ttlMs / 3)));
  heartbeat.unref();

  return async () => {
    closed = true;
    clearInterval(heartbeat);
    stopListening();
    await writes.idle();
    // A graceful goodbye: the others drop this node's viewers now instead of after the TTL.
    try {
      await client
        .multi()
        .del(nodeKey(nodeId))
        .sRem(nodesKey, nodeId)
        .publish(channel, JSON.stringify({ node: nodeId, conversationIds: null }))
        .exec();
    } catch (error) {
      log.warn('could not remove this node’s thread presence from Redis', { error: String(error) });
    }
    subscriber.destroy();
  };
}
