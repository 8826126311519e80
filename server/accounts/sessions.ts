import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { User } from '../../shared';
import type { Queryable } from '../storage/database';
import { toSessionUser, type UserRow } from '../storage/rows';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Only this digest is stored: a leaked sessions table does not leak usable tokens. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface NewSession {
  sessionId: string;
  token: string;
  expiresAt: Date;
}

export async function createSession(db: Queryable, userId: string, ttlMs: number): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.query('INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
    sessionId,
    userId,
    tokenDigest(token),
    expiresAt,
  ]);
  return { sessionId, token, expiresAt };
}

export interface LiveSession {
  sessionId: string;
  user: User;
  expiresAt: Date;
}

/** The session of a bearer token if it exists, is not revoked and has not expired. */
export async function findLiveSession(db: Queryable, token: string): Promise<LiveSession | null> {
  const [row] = await db.query<UserRow & { session_id: string; expires_at: Date }>(
    `SELECT u.*, s.id AS session_id, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND NOT s.revoked AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [tokenDigest(token)],
  );
  if (!row) return null;
  return { sessionId: row.session_id, user: toSessionUser(row), expiresAt: row.expires_at };
}

export async function revokeSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked = true WHERE id = $1', [sessionId]);
}

/** Why a token is not live (for a clear handshake refusal), or null when it is unknown. */
export async function deadSessionReason(db: Queryable, token: string): Promise<'account_removed' | 'account_disabled' | 'ended' | null> {
  const [row] = await db.query<{ disabled: boolean; removed: boolean }>(
    `SELECT u.disabled_at IS NOT NULL AS disabled, u.removed_at IS NOT NULL AS removed
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [tokenDigest(token)],
  );
  if (!row) return null;
  if (row.removed) return 'account_removed';
  return row.disabled ? 'account_disabled' : 'ended';
}

/** Ends every session of a user (account disabled or removed). */
export async function revokeUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked = true WHERE user_id = $1 AND NOT revoked', [userId]);
}
