import type { Mutation, PresenceTyping, PresenceViewing, PullRequest } from '../../../shared';

/**
 * What the sync engine needs from the network, and nothing more. The socket.io
 * implementation is in socketConnection.ts; unit tests drive the engine with an
 * in-memory server that speaks the same protocol.
 *
 * Payloads are `unknown`: the engine parses everything it receives.
 */
export interface SyncConnectionEvents {
  /** Socket connected (before the welcome). */
  connected(): void;
  welcome(payload: unknown): void;
  changes(payload: unknown): void;
  /** Lost or could not connect; the connection keeps retrying with backoff. */
  disconnected(reason: string): void;
  /** The server refused the token; the connection stops retrying. */
  unauthorized(reason: string): void;
  /** `sync:revoked`: the server is taking access away (shared/security/revocation.ts). */
  revoked(payload: unknown): void;
  /** `presence:update`: who views and types in one conversation. */
  presenceUpdate(payload: unknown): void;
  /** `presence:online`: who of the team is connected. */
  presenceOnline(payload: unknown): void;
}

/** Ephemeral presence signals (fire and forget; lost while offline by design). */
export type Announcement = { event: 'viewing'; payload: PresenceViewing } | { event: 'typing'; payload: PresenceTyping };

export class AckTimeoutError extends Error {
  constructor(event: string) {
    super(`no answer to ${event} in time`);
    this.name = 'AckTimeoutError';
  }
}

export interface SyncConnection {
  /** Resolves with the raw ack; rejects with AckTimeoutError (or a disconnect error). */
  pull(request: PullRequest): Promise<unknown>;
  mutate(mutation: Mutation): Promise<unknown>;
  /** Sends a presence signal when connected; optional for connections without presence (e.g. the soak's). */
  announce?(announcement: Announcement): void;
  close(): void;
}

export type ConnectFn = (serverUrl: string, token: string, events: SyncConnectionEvents) => SyncConnection;
