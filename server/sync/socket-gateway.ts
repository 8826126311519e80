import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  ACCOUNT_DISABLED_HANDSHAKE,
  ACCOUNT_REMOVED_HANDSHAKE,
  PresenceEvents,
  PROTOCOL_VERSION,
  SyncEvents,
  handshakeAuthSchema,
  pullRequestSchema,
  type ChangesPush,
  type MutationAck,
  type PresenceOnline,
  type PresenceUpdate,
  type PullResult,
  type Revoked,
  type StreamHead,
  type User,
  type Welcome,
} from '../../shared';
import { deadSessionReason, findLiveSession } from '../accounts/sessions';
import type { Database } from '../storage/database';
import type { Logger } from '../logger';
import { canReadStream, readableStreams } from './access';
import type { ChangeFeed } from './change-feed';
import type { MutationService } from './mutations';
import type { Presence } from './presence';

export interface SocketData {
  user: User;
  sessionId: string;
  expiresAt: Date;
  /**
   * Sends this socket a fresh welcome and joins the streams it lists: the AccessEnforcer
   * calls it when an owner granted the user another store while connected.
   */
  welcomeAgain?: () => Promise<void>;
}
/** Client events carry `unknown`: every payload is zod-parsed before use. */
export interface ClientToServerEvents {
  [SyncEvents.pull]: (payload: unknown, ack: unknown) => void;
  [SyncEvents.mutate]: (payload: unknown, ack: unknown) => void;
  [PresenceEvents.viewing]: (payload: unknown, ack: unknown) => void;
  [PresenceEvents.typing]: (payload: unknown, ack: unknown) => void;
}
export interface ServerToClientEvents {
  [SyncEvents.welcome]: (welcome: Welcome) => void;
  [SyncEvents.changes]: (push: ChangesPush) => void;
  [SyncEvents.revoked]: (revoked: Revoked) => void;
  [PresenceEvents.update]: (update: PresenceUpdate) => void;
  [PresenceEvents.online]: (online: PresenceOnline) => void;
}
export type SyncServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type SyncSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SyncGatewayDeps {
  db: Database;
  feed: ChangeFeed;
  mutations: MutationService;
  log: Logger;
  /** Told about every socket that connects and disconnects (who is online, for assignment). */
  presence?: Presence;
  /** Called once a socket has its welcome and has joined its stream rooms (presence starts then). */
  onWelcomed?: (socket: SyncSocket) => void;
}

/** Room holding every socket of one login session, so that logout can close them. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

export const AUTH_REQUIRED_MESSAGE = 'unauthorized: log in first and pass the session token as auth.token';
export const AUTH_INVALID_MESSAGE = 'unauthorized: the session token is unknown, expired or logged out';

/**
 * The socket.io side of sync protocol v1 (shared/sync/protocol.ts, docs/protocol.md).
 * Rooms are stream ids: a socket joins the streams its user may read, and the change
 * feed's post-commit batches go to the room of their stream.
 */
export function attachSyncGateway(io: SyncServer, deps: SyncGatewayDeps): () => void {
  const { db, feed, mutations, log } = deps;

  io.use((socket: SyncSocket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) {
      next(new Error(AUTH_REQUIRED_MESSAGE));
      return;
    }
    findLiveSession(db, auth.data.token).then(
      (session) => {
        if (!session) {
          // A removed or disabled account says so, so that a client that was offline
          // when it happened still wipes its cache (shared/security/revocation.ts).
          void deadSessionReason(db, auth.data.token).then(
            (reason) =>
              next(
                new Error(reason === 'account_removed' ? ACCOUNT_REMOVED_HANDSHAKE : reason === 'account_disabled' ? ACCOUNT_DISABLED_HANDSHAKE : AUTH_INVALID_MESSAGE),
              ),
            () => next(new Error(AUTH_INVALID_MESSAGE)),
          );
          return;
        }
        socket.data = { user: session.user, sessionId: session.sessionId, expiresAt: session.expiresAt };
        next();
      },
      (error: unknown) => {
        log.error('socket auth failed', { error: String(error) });
        next(new Error('unavailable: the server could not check the session, try again'));
      },
    );
  });

  io.on('connection', (socket: SyncSocket) => {
    const { user } = socket.data;
    // A session that expires while connected ends the connection; the client logs in again.
    const expiry = setTimeout(() => {
      socket.emit(SyncEvents.revoked, { reason: 'session_expired', streams: [] });
      socket.disconnect(true);
    }, Math.min(socket.data.expiresAt.getTime() - Date.now(), 2 ** 31 - 1));
    deps.presence?.connected(user.id);
    socket.on('disconnect', () => {
      clearTimeout(expiry);
      deps.presence?.disconnected(user.id);
    });

    socket.on(SyncEvents.pull, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // nobody to answer
      const reply = ack as (result: PullResult) => void;
      handlePull(user, payload).then(reply, (error: unknown) => {
        log.error('pull failed', { error: String(error) });
        reply({ ok: false, code: 'unavailable', message: 'The server could not read changes, try again' });
      });
    });

    socket.on(SyncEvents.mutate, (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (result: MutationAck) => void) : () => undefined;
      mutations.apply(user, payload).then(reply, (error: unknown) => {
        // Transient: no ack, the client's timeout makes it retry with the same mutation id.
        log.error('mutation failed', { error: String(error) });
      });
    });

    socket.data.welcomeAgain = () => welcome(socket);
    welcome(socket).catch((error: unknown) => {
      log.error('welcome failed', { error: String(error) });
      socket.disconnect(true);
    });
  });

  async function welcome(socket: SyncSocket): Promise<void> {
    const { user, sessionId } = socket.data;
    const streams = await readableStreams(db, user);
    const heads = await feed.heads(streams);
    const message: Welcome = { protocolVersion: PROTOCOL_VERSION, serverTime: new Date().toISOString(), user, streams: heads };
    socket.emit(SyncEvents.welcome, message);
    await socket.join([sessionRoom(sessionId), ...streams]);
    // Changes committed between reading the heads and joining the rooms reached no push:
    // send them to this socket directly. A duplicate of a push is harmless (seq <= cursor).
    await catchUp(socket, heads);
    deps.onWelcomed?.(socket);
  }

  async function catchUp(socket: SyncSocket, heads: StreamHead[]): Promise<void> {
    const now = await feed.heads(heads.map((head) => head.stream));
    for (const [index, head] of now.entries()) {
      let since = heads[index]?.headSeq ?? head.headSeq;
      while (since < head.headSeq) {
        const page = await feed.pull(head.stream, since, 500);
        const last = page.changes.at(-1);
        if (!last) break;
        const push: ChangesPush = { stream: head.stream, changes: page.changes };
        socket.emit(SyncEvents.changes, push);
        since = last.seq;
      }
    }
  }

  async function handlePull(user: User, payload: unknown): Promise<PullResult> {
    const request = pullRequestSchema.safeParse(payload);
    if (!request.success) return { ok: false, code: 'bad_request', message: z.prettifyError(request.error) };
    const { stream, since, limit, compactedSeq } = request.data;
    if (!(await canReadStream(db, user, stream))) {
      return { ok: false, code: 'forbidden', message: `You may not read ${stream}` };
    }
    const { compactedSeq: floor, ...page } = await feed.pull(stream, since, limit);
    if (since < floor) {
      // History below the floor is gone: only a re-read from 0 (or one paging through
      // under the same floor) can rebuild the state without missing a change.
      if (since > 0 && compactedSeq !== floor) {
        return { ok: false, code: 'cursor_too_old', message: `The server no longer keeps ${stream} changes after seq ${since}; read the stream again from 0` };
      }
      return { ok: true, stream, ...page, compactedSeq: floor };
    }
    return { ok: true, stream, ...page };
  }

  return feed.onCommitted(({ stream, changes }) => {
    const push: ChangesPush = { stream, changes };
    io.to(stream).emit(SyncEvents.changes, push);
  });
}
