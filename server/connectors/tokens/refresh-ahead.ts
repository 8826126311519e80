/**
 * When to renew an access token. A token is renewed AHEAD of expiry, so that no call ever
 * waits on an expired one: once less than 10 % of its lifetime is left, or less than one
 * hour (capped at half the lifetime, so that a short-lived token is not renewed on every
 * call). A token whose expiry is unknown is used until the platform refuses it.
 */
export type TokenDecision = 'fresh' | 'refresh-ahead' | 'expired';

export const REFRESH_AHEAD_SHARE = 0.1;
export const REFRESH_AHEAD_MAX_MS = 3_600_000;

export function refreshAheadMs(lifetimeMs: number): number {
  const lifetime = Math.max(0, lifetimeMs);
  return Math.round(Math.max(lifetime * REFRESH_AHEAD_SHARE, Math.min(REFRESH_AHEAD_MAX_MS, lifetime / 2)));
}

export function tokenDecision(token: { expiresAt: Date | null; issuedAt: Date }, now: Date): TokenDecision {
  if (token.expiresAt === null) return 'fresh';
  const left = token.expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= refreshAheadMs(token.expiresAt.getTime() - token.issuedAt.getTime()) ? 'refresh-ahead' : 'fresh';
}

/** Whether the refresh token itself can still be used (unknown expiry: try it). */
export function refreshTokenUsable(refreshExpiresAt: Date | null, now: Date): boolean {
  return refreshExpiresAt === null || refreshExpiresAt.getTime() > now.getTime();
}
