import { z } from 'zod';
import { streamIdSchema } from '../sync/protocol';

/**
 * `sync:revoked` (server → client): the server is taking access away, and says why
 * before it acts, so the client can wipe what its user may no longer see.
 *
 * - `account_removed` / `account_disabled`: an owner removed or disabled the account.
 *   The socket is cut; the client wipes its WHOLE cache and shows the login screen.
 * - `session_expired` / `session_revoked`: the session ended (expiry, logout elsewhere).
 *   The socket is cut; the client forgets the token and shows the login screen.
 * - `streams_revoked`: store grants were withdrawn; `streams` lists the store streams
 *   the client must drop. The socket stays connected for the rest.
 */
export const REVOCATION_REASONS = ['account_removed', 'account_disabled', 'session_expired', 'session_revoked', 'streams_revoked'] as const;
export const revocationReasonSchema = z.enum(REVOCATION_REASONS);
export type RevocationReason = z.infer<typeof revocationReasonSchema>;

export const revokedSchema = z.object({
  reason: revocationReasonSchema,
  /** For `streams_revoked`: the streams to drop. Empty otherwise. */
  streams: z.array(streamIdSchema).max(10_000),
});
export type Revoked = z.infer<typeof revokedSchema>;

/** Reasons after which nothing of the cache may stay on the machine. */
export function wipesWholeCache(reason: RevocationReason): boolean {
  return reason === 'account_removed' || reason === 'account_disabled';
}

/**
 * Handshake refusals carry the reason in the `connect_error` message after
 * `unauthorized:` so that a client that was offline when it happened still learns it.
 */
export const ACCOUNT_DISABLED_HANDSHAKE = 'unauthorized: account_disabled: this account was disabled by an owner';
export const ACCOUNT_REMOVED_HANDSHAKE = 'unauthorized: account_removed: this account was removed by an owner';

export function handshakeRevocation(message: string): RevocationReason | null {
  if (message.startsWith('unauthorized: account_removed')) return 'account_removed';
  if (message.startsWith('unauthorized: account_disabled')) return 'account_disabled';
  return null;
}
