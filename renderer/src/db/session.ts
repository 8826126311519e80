import type { LoginResponse, User } from '../../../shared';
import type { HuixinDb } from './database';
import { SESSION_KEY, type SessionRow } from './schema';

const CACHE_OWNER_KEY = 'cacheOwner';

export function loadSession(db: HuixinDb): Promise<SessionRow | undefined> {
  return db.session.get(SESSION_KEY);
}

/**
 * Stores a fresh login. The cache belongs to one user on one server: when someone else
 * signs in (or the server changes), the synced data, cursors, outbox and drafts of the
 * previous owner are cleared in the same transaction, so nobody sees (or sends) another
 * agent's work. The same user signing in again keeps everything, including the outbox.
 */
export async function saveLogin(db: HuixinDb, serverUrl: string, login: LoginResponse): Promise<{ cacheCleared: boolean }> {
  const owner = `${serverUrl}\n${login.user.id}`;
  return db.transaction('rw', db.tables, async () => {
    const previous = await db.meta.get(CACHE_OWNER_KEY);
    const cacheCleared = previous !== undefined && previous.value !== owner;
    if (cacheCleared) await Promise.all(db.tables.map((table) => table.clear()));
    await db.meta.put({ key: CACHE_OWNER_KEY, value: owner });
    const row: SessionRow = { key: SESSION_KEY, token: login.token, expiresAt: login.expiresAt, user: login.user, serverUrl };
    await db.session.put(row);
    return { cacheCleared };
  });
}

/** Sign out or a rejected token: forget the token, keep the cache and the outbox. */
export async function clearSession(db: HuixinDb): Promise<void> {
  await db.session.delete(SESSION_KEY);
}

/**
 * The user as the server's welcome describes them now (a reveal permission or name an
 * owner changed since login). Only the signed-in user's own row is touched; a welcome for
 * someone else (a stale socket after a sign-in switch) changes nothing.
 */
export async function refreshSessionUser(db: HuixinDb, user: User): Promise<void> {
  await db.transaction('rw', db.session, async () => {
    const session = await db.session.get(SESSION_KEY);
    if (!session || session.user.id !== user.id) return;
    // Every reconnect brings a welcome; an unchanged user must not wake the session's live
    // queries (the whole workspace renders from the session row).
    if (sameUser(session.user, user)) return;
    await db.session.put({ ...session, user });
  });
}

function sameUser(a: User, b: User): boolean {
  return a.name === b.name && a.displayName === b.displayName && a.role === b.role && a.canRevealPii === b.canRevealPii;
}
