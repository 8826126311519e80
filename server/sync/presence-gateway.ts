import {
  PresenceEvents,
  TYPING_TTL_MS,
  presenceTypingSchema,
  presenceViewingSchema,
  storeStream,
  type PresenceUpdate,
  type User,
} from '../../shared';
import type { Database } from '../storage/database';
import type { Logger } from '../logger';
import { canReadStore } from './access';
import { ConversationPresence } from './conversation-presence';
import type { Presence } from './presence';
import type { SyncServer, SyncSocket } from './socket-gateway';

/** Sockets that got their welcome: presence events never overtake `sync:welcome`. */
const WELCOMED_ROOM = 'presence:welcomed';

export interface PresenceGatewayDeps {
  db: Database;
  presence: Presence;
  /**
   * Who views and types where. Passed in when another module shares it with the other
   * server nodes (server/cluster/cluster-thread-presence.ts); a fresh one otherwise.
   */
  conversations?: ConversationPresence;
  log: Logger;
  /** How often expired typing signals are swept (tests shorten it). */
  sweepMs?: number;
  typingTtlMs?: number;
}

export interface PresenceGateway {
  /** Call once a socket has its welcome and has joined its stream rooms. */
  welcomed(socket: SyncSocket): void;
  close(): void;
}

/**
 * Ephemeral presence over the sync socket (docs/protocol.md, "Presence"):
 * `presence:viewing` / `presence:typing` in, `presence:update` out to the store's room
 * (only sockets that may read that store joined it), `presence:online` to everyone.
 * Nothing here is stored or enters the change feed. Who is online and who views or types
 * in a thread span the cluster when Redis shares them (Presence, ConversationPresence):
 * every node sends ITS OWN sockets the cluster-wide picture (io.local), so an update is
 * neither doubled nor overtaken by another node's narrower one.
 */
export function attachPresenceGateway(io: SyncServer, deps: PresenceGatewayDeps): PresenceGateway {
  const { db, presence, log } = deps;
  const ttl = deps.typingTtlMs ?? TYPING_TTL_MS;
  const conversations = deps.conversations ?? new ConversationPresence();
  let lastOnline = '';

  const updateOf = (conversationId: string): { storeId: string | null; update: PresenceUpdate } => {
    const { storeId, ...update } = conversations.snapshot(conversationId);
    return { storeId, update };
  };
  const publish = (conversationId: string, storeId: string): void => {
    io.local.to(storeStream(storeId)).emit(PresenceEvents.update, updateOf(conversationId).update);
  };
  const broadcastOnline = (): void => {
    const userIds = presence.onlineUserIds().sort();
    const key = userIds.join('\n');
    if (key === lastOnline) return;
    lastOnline = key;
    // Only this node's sockets: with Redis every node sends its own sockets the same
    // cluster-wide list (Presence includes the other nodes' users).
    io.local.to(WELCOMED_ROOM).emit(PresenceEvents.online, { userIds });
  };
  // Someone connected or left here, or on another node (cluster presence).
  const stopListening = presence.onChange(() => broadcastOnline());
  // Someone opened, left or typed in a thread on another node: tell this node's sockets.
  // (This node's own changes are published where they happen, below.)
  const stopListeningToThreads = conversations.onChange((conversationId, storeId, source) => {
    if (source === 'remote') publish(conversationId, storeId);
  });

  /** The conversation's store, when this user may read it; null otherwise (unknown looks the same). */
  async function readableStoreOf(user: User, conversationId: string): Promise<string | null> {
    const [row] = await db.query<{ store_id: string }>('SELECT store_id FROM conversations WHERE id = $1', [conversationId]);
    if (!row || !(await canReadStore(db, user, row.store_id))) return null;
    return row.store_id;
  }

  const onConnection = (socket: SyncSocket): void => {
    const { user } = socket.data;
    // Events are handled one after another per socket, so a quick view-then-close keeps its order.
    let queue: Promise<void> = Promise.resolve();
    const serially = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((error: unknown) => log.error('presence event failed', { error: String(error) }));
    };
    const answer = (ack: unknown, result: { ok: true } | { ok: false; code: string; message: string }) => {
      if (typeof ack === 'function') (ack as (r: typeof result) => void)(result);
    };

    socket.on(PresenceEvents.viewing, (payload: unknown, ack: unknown) => {
      const parsed = presenceViewingSchema.safeParse(payload);
      if (!parsed.success) return answer(ack, { ok: false, code: 'bad_request', message: 'expected {conversationId: string | null}' });
      serially(async () => {
        const { conversationId } = parsed.data;
        const storeId = conversationId === null ? null : await readableStoreOf(user, conversationId);
        if (conversationId !== null && storeId === null) {
          answer(ack, { ok: false, code: 'not_found', message: `No conversation ${conversationId}` });
          return;
        }
        const previous = conversations.viewedBy(socket.id);
        const changed = conversations.view(socket.id, user.id, conversationId && storeId ? { conversationId, storeId } : null);
        for (const id of changed) {
          const store = id === previous?.conversationId ? previous.storeId : storeId;
          if (store) publish(id, store);
        }
        // The viewer learns who else is there even before its own rooms are joined.
        if (conversationId && socket.rooms.has(WELCOMED_ROOM)) socket.emit(PresenceEvents.update, updateOf(conversationId).update);
        answer(ack, { ok: true });
      });
    });

    socket.on(PresenceEvents.typing, (payload: unknown, ack: unknown) => {
      const parsed = presenceTypingSchema.safeParse(payload);
      if (!parsed.success) return answer(ack, { ok: false, code: 'bad_request', message: 'expected {conversationId: string}' });
      serially(async () => {
        const { conversationId } = parsed.data;
        const viewed = conversations.viewedBy(socket.id);
        const storeId = viewed?.conversationId === conversationId ? viewed.storeId : await readableStoreOf(user, conversationId);
        if (storeId === null) {
          answer(ack, { ok: false, code: 'not_found', message: `No conversation ${conversationId}` });
          return;
        }
        if (conversations.typing(user.id, conversationId, storeId, ttl)) publish(conversationId, storeId);
        answer(ack, { ok: true });
      });
    });

    socket.on('disconnect', () => {
      const viewed = conversations.viewedBy(socket.id);
      conversations.disconnected(socket.id, user.id);
      if (viewed) publish(viewed.conversationId, viewed.storeId);
      // The sync gateway updates who is online in its own disconnect handler; look after it.
      setImmediate(broadcastOnline);
    });
  };
  io.on('connection', onConnection);

  const sweep = setInterval(() => {
    for (const { conversationId, storeId } of conversations.expire()) publish(conversationId, storeId);
  }, deps.sweepMs ?? 1_000);
  sweep.unref();

  return {
    welcomed(socket) {
      void socket.join(WELCOMED_ROOM);
      socket.emit(PresenceEvents.online, { userIds: presence.onlineUserIds().sort() });
      // A viewer that announced itself before its welcome gets the thread's presence now.
      const viewed = conversations.viewedBy(socket.id);
      if (viewed) socket.emit(PresenceEvents.update, updateOf(viewed.conversationId).update);
      broadcastOnline();
    },
    close() {
      stopListening();
      stopListeningToThreads();
      clearInterval(sweep);
      io.off('connection', onConnection);
    },
  };
}
