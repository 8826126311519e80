import { io } from 'socket.io-client';
import { PresenceEvents, SyncEvents, type Mutation, type PullRequest } from '../../../shared';
import { AckTimeoutError, type ConnectFn, type SyncConnection } from './connection';

/** The only module that imports socket.io-client; it runs inside the sync worker. */

const PULL_TIMEOUT_MS = 20_000;
const MUTATE_TIMEOUT_MS = 10_000;

/** A handshake refusal: socket.io delivers the server middleware's error message. */
function isAuthError(err: Error & { data?: unknown }): boolean {
  const text = `${err.message} ${JSON.stringify(err.data ?? '')}`.toLowerCase();
  return /unauthori[sz]ed|invalid token|expired|forbidden|\b401\b/.test(text);
}

export const connectSocket: ConnectFn = (serverUrl, token, events) => {
  const socket = io(serverUrl, {
    auth: { token },
    // WebSocket first: no CORS preflight and one connection; polling stays as fallback.
    transports: ['websocket', 'polling'],
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
    timeout: 10_000,
  });

  socket.on('connect', () => events.connected());
  socket.on(SyncEvents.welcome, (payload: unknown) => events.welcome(payload));
  socket.on(SyncEvents.changes, (payload: unknown) => events.changes(payload));
  socket.on(SyncEvents.revoked, (payload: unknown) => events.revoked(payload));
  socket.on(PresenceEvents.update, (payload: unknown) => events.presenceUpdate(payload));
  socket.on(PresenceEvents.online, (payload: unknown) => events.presenceOnline(payload));
  socket.on('disconnect', (reason) => {
    events.disconnected(reason);
    // The server closed this socket on purpose (e.g. token revoked): socket.io does not
    // reconnect by itself then, so ask once; a refused handshake lands in connect_error.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err: Error & { data?: unknown }) => {
    if (isAuthError(err)) {
      socket.disconnect();
      events.unauthorized(err.message);
    } else {
      events.disconnected(err.message);
    }
  });

  const emitWithAck = async (event: string, payload: unknown, timeoutMs: number): Promise<unknown> => {
    if (!socket.connected) throw new Error('not connected');
    try {
      return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as unknown;
    } catch (err) {
      throw err instanceof Error && /timed? ?out/i.test(err.message) ? new AckTimeoutError(event) : err;
    }
  };

  const connection: SyncConnection = {
    pull: (request: PullRequest) => emitWithAck(SyncEvents.pull, request, PULL_TIMEOUT_MS),
    mutate: (mutation: Mutation) => emitWithAck(SyncEvents.mutate, mutation, MUTATE_TIMEOUT_MS),
    announce: ({ event, payload }) => {
      // Presence is ephemeral: nothing is queued while offline, the engine re-announces on welcome.
      if (socket.connected) socket.emit(PresenceEvents[event], payload);
    },
    close: () => {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
  return connection;
};
