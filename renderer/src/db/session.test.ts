import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { at, conversation, uniqueDbName } from '../test/fixtures';
import { HuixinDb, openDurableDb } from './database';
import { loadDraft, saveDraft } from './drafts';
import { sendReply } from './outbox';
import { clearSession, loadSession, refreshSessionUser, saveLogin } from './session';

const opened: HuixinDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const login = (userId: string) => ({
  token: `token-${userId}-0123456789abcdef`,
  expiresAt: at(60 * 24),
  user: { id: userId, name: userId, displayName: userId, role: 'agent' as const },
});

describe('session and cache ownership', () => {
  it('the same user signing in again keeps cache, outbox and drafts', async () => {
    const db = openDurableDb(uniqueDbName('session'));
    opened.push(db);
    expect(await saveLogin(db, 'http://h:1', login('u1'))).toEqual({ cacheCleared: false });
    await db.conversations.put(conversation('c1'));
    await sendReply(db, 'c1', 'queued while the token expired');
    await saveDraft(db, 'c2', 'draft');
    await clearSession(db);
    expect(await loadSession(db)).toBeUndefined();
    expect(await saveLogin(db, 'http://h:1', login('u1'))).toEqual({ cacheCleared: false });
    expect(await db.conversations.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await loadDraft(db, 'c2')).toBe('draft');
    expect((await loadSession(db))?.token).toBe(login('u1').token);
  });

  it('another user, or another server, starts from an empty cache', async () => {
    const db = openDurableDb(uniqueDbName('session'));
    opened.push(db);
    await saveLogin(db, 'http://h:1', login('u1'));
    await db.conversations.put(conversation('c1'));
    await sendReply(db, 'c1', 'u1 reply');
    expect(await saveLogin(db, 'http://h:1', login('u2'))).toEqual({ cacheCleared: true });
    expect(await db.conversations.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await loadSession(db))?.user.id).toBe('u2');
    await db.conversations.put(conversation('c9'));
    expect(await saveLogin(db, 'http://other:2', login('u2'))).toEqual({ cacheCleared: true });
    expect(await db.conversations.count()).toBe(0);
  });
});

describe('session user from the welcome', () => {
  it('takes the permission an owner changed since login, for the signed-in user only', async () => {
    const db = openDurableDb(uniqueDbName('session'));
    opened.push(db);
    await saveLogin(db, 'http://h:1', login('u1'));
    await refreshSessionUser(db, { id: 'u2', name: 'u2', displayName: 'other', role: 'agent', canRevealPii: true });
    expect((await loadSession(db))?.user.canRevealPii).toBeUndefined();
    await refreshSessionUser(db, { id: 'u1', name: 'u1', displayName: '小美', role: 'agent', canRevealPii: true });
    expect(await loadSession(db)).toMatchObject({ token: login('u1').token, user: { displayName: '小美', canRevealPii: true } });
  });

  it('does nothing after sign-out', async () => {
    const db = openDurableDb(uniqueDbName('session'));
    opened.push(db);
    await refreshSessionUser(db, { id: 'u1', name: 'u1', displayName: 'u1', role: 'agent' });
    expect(await loadSession(db)).toBeUndefined();
  });
});
