import { SyncEvents, type RevocationReason, type Revoked, type User } from '../../shared';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { toSessionUser, type UserRow } from '../storage/rows';
import { readableStreams } from '../sync/access';
import { sessionRoom, type SyncServer, type SyncSocket } from '../sync/socket-gateway';

interface SessionStateRow extends UserRow {
  session_id: string;
  revoked: boolean;
  expired: boolean;
}

/**
 * Keeps connected sockets within what their users may still see. Access is taken away
 * in the database (an owner disables or removes an account, revokes a store grant, a
 * session expires or is logged out elsewhere); this compares every connected socket of
 * this node with the database and
 * - cuts sockets whose session is no longer live, after telling the client why
 *   (`sync:revoked`, shared/security/revocation.ts), so that it wipes its cache;
 * - makes sockets leave store streams their user may no longer read, after telling
 *   the client which streams to drop. Nothing of those stores is pushed afterwards.
 *
 * It runs right after an owner's action on this node (`check()`), and every
 * `intervalMs` for changes made elsewhere: the admin CLI or another server node.
 */
export class AccessEnforcer {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(
    private readonly io: SyncServer,
    private readonly db: Database,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.#timer || this.intervalMs <= 0) return;
    this.#timer = setInterval(() => void this.check().catch((error: unknown) => this.log.warn('access sweep failed', { error: String(error) })), this.intervalMs);
    this.#timer.unref();
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One sweep over this node's sockets; concurrent calls coalesce into one more sweep. */
  check(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#sweep();
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  async #sweep(): Promise<void> {
    const sockets = [...this.io.of('/').sockets.values()].filter((socket) => socket.data?.sessionId);
    if (sockets.length === 0) return;
    const sessionIds = [...new Set(sockets.map((socket) => socket.data.sessionId))];
    const rows = await this.db.query<SessionStateRow>(SESSION_STATE_SQL, [sessionIds]);
    const bySession = new Map(rows.map((row) => [row.session_id, row]));
    const streamsByUser = new Map<string, Promise<Set<string>>>();
    const readable = (user: User) => {
      let streams = streamsByUser.get(user.id);
      if (!streams) {
        streams = readableStreams(this.db, user).then((list) => new Set<string>(list));
        streamsByUser.set(user.id, streams);
      }
      return streams;
    };

    const cut = (socket: (typeof sockets)[number], reason: RevocationReason): void => {
      revoke(socket, { reason, streams: [] });
      socket.disconnect(true);
      this.log.info('socket cut', { user: socket.data.user.id, reason });
    };
    for (const socket of sockets) {
      const row = bySession.get(socket.data.sessionId);
      const reason = row ? deadReason(row) : 'session_revoked';
      if (reason) {
        cut(socket, reason);
        continue;
      }
      if (!row) continue;
      const user = toSessionUser(row);
      const before = socket.data.user;
      socket.data.user = user;
      const allowed = await readable(user);
      const lost = [...socket.rooms].filter((room) => room.startsWith('store:') && !allowed.has(room));
      // Stores granted since the welcome (only once the welcome joined its rooms: a socket
      // still being welcomed gets them from that welcome).
      const welcomed = socket.rooms.has(sessionRoom(socket.data.sessionId));
      const gained = welcomed ? [...allowed].filter((stream) => stream.startsWith('store:') && !socket.rooms.has(stream)) : [];
      if (lost.length === 0) {
        if (gained.length > 0) await this.#welcomeAgain(socket, user.id, gained);
        // The welcome carries the user as their session sees it: a reveal permission or
        // name changed by an owner reaches the open app without a new login.
        else if (welcomed && sessionUserChanged(before, user)) await this.#welcomeAgain(socket, user.id, []);
        continue;
      }
      // The grants were read after the account: a removal committed in between takes the
      // grants with it, so look at the account again and give the agent the real reason.
      const [now] = await this.db.query<SessionStateRow>(SESSION_STATE_SQL, [[socket.data.sessionId]]);
      const deadNow = now ? deadReason(now) : 'session_revoked';
      if (deadNow) {
        cut(socket, deadNow);
        continue;
      }
      revoke(socket, { reason: 'streams_revoked', streams: lost });
      for (const room of lost) await socket.leave(room);
      this.log.info('streams closed', { user: user.id, streams: lost });
      if (gained.length > 0) await this.#welcomeAgain(socket, user.id, gained);
    }
  }

  /** A new welcome lists the granted streams: the client pulls them and the socket joins their rooms. */
  async #welcomeAgain(socket: SyncSocket, userId: string, streams: string[]): Promise<void> {
    if (!socket.data.welcomeAgain) return;
    await socket.data.welcomeAgain();
    this.log.info(streams.length > 0 ? 'streams opened' : 'session user refreshed', { user: userId, streams });
  }
}

function sessionUserChanged(before: User, after: User): boolean {
  return before.canRevealPii !== after.canRevealPii || before.displayName !== after.displayName || before.role !== after.role;
}

const SESSION_STATE_SQL = `SELECT u.*, s.id AS session_id, s.revoked, s.expires_at <= now() AS expired
   FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ANY($1::text[])`;

function deadReason(row: SessionStateRow): RevocationReason | null {
  if (row.removed_at) return 'account_removed';
  if (row.disabled_at) return 'account_disabled';
  if (row.revoked) return 'session_revoked';
  if (row.expired) return 'session_expired';
  return null;
}

function revoke(socket: { emit(event: typeof SyncEvents.revoked, payload: Revoked): unknown }, payload: Revoked): void {
  socket.emit(SyncEvents.revoked, payload);
}
