import { retentionCutoff, revocationReasonSchema, storeStream, teamSettingsSchema, type RevocationReason, type StreamId, type TeamSettings } from '../../../shared';
import type { HuixinDb } from './database';

/**
 * What the cache forgets for security: everything (sign-out, a removed account),
 * one store's data (a withdrawn grant), and whatever is older than the team's
 * retention (the server keeps it all).
 */

export const TEAM_SETTINGS_META_KEY = 'teamSettings';

/** Why the last user was signed out by the server; shown on the login screen until the next login. */
export const REVOCATION_META_KEY = 'revokedReason';

/**
 * Clears every table, outbox and session included: nothing of this user stays on the
 * machine. With a reason, it is written in the same transaction so that the login screen
 * can say why, even after a restart.
 */
export async function wipeCache(db: HuixinDb, reason?: RevocationReason): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
    if (reason) await db.meta.put({ key: REVOCATION_META_KEY, value: reason });
  });
}

export async function loadRevocation(db: HuixinDb): Promise<RevocationReason | null> {
  const parsed = revocationReasonSchema.safeParse((await db.meta.get(REVOCATION_META_KEY))?.value);
  return parsed.success ? parsed.data : null;
}

export async function clearRevocation(db: HuixinDb): Promise<void> {
  await db.meta.delete(REVOCATION_META_KEY);
}

/** Drops everything cached from these store streams and their cursors (the rest stays). */
export async function dropStoreStreams(db: HuixinDb, streams: readonly StreamId[]): Promise<number> {
  const storeIds = streams.filter((stream) => stream.startsWith('store:')).map((stream) => stream.slice('store:'.length));
  if (storeIds.length === 0) return 0;
  return db.transaction('rw', db.tables, async () => {
    const conversations = await db.conversations.where('storeId').anyOf(storeIds).primaryKeys();
    await Promise.all([
      ...conversations.map((id) => deleteConversationRows(db, id)),
      db.conversations.bulkDelete(conversations),
      db.customers.where('storeId').anyOf(storeIds).delete(),
      db.orders.where('storeId').anyOf(storeIds).delete(),
      db.products.where('storeId').anyOf(storeIds).delete(),
      db.reviews.where('storeId').anyOf(storeIds).delete(),
      db.stores.bulkDelete(storeIds),
      db.cursors.bulkDelete(storeIds.map(storeStream)),
    ]);
    return conversations.length;
  });
}

/** Cursor streams the server no longer lists as readable (its welcome is the authority). */
export async function streamsNoLongerReadable(db: HuixinDb, readable: readonly StreamId[]): Promise<StreamId[]> {
  const allowed = new Set(readable);
  const cursors = await db.cursors.toArray();
  return cursors.map((cursor) => cursor.stream).filter((stream) => stream.startsWith('store:') && !allowed.has(stream));
}

export async function loadTeamSettings(db: HuixinDb): Promise<TeamSettings | null> {
  const row = await db.meta.get(TEAM_SETTINGS_META_KEY);
  if (!row) return null;
  try {
    const parsed = teamSettingsSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Purges conversations whose last activity is older than the retention, with their
 * messages, drafts and read marks. Returns how many conversations went.
 */
export async function purgeExpired(db: HuixinDb, now: Date = new Date()): Promise<number> {
  const settings = await loadTeamSettings(db);
  const cutoff = retentionCutoff(settings?.retentionDays ?? null, now);
  if (!cutoff) return 0;
  const iso = cutoff.toISOString();
  return db.transaction('rw', db.tables, async () => {
    const expired = await db.conversations.where('lastMessageAt').below(iso).primaryKeys();
    await Promise.all(expired.map((id) => deleteConversationRows(db, id)));
    await db.conversations.bulkDelete(expired);
    return expired.length;
  });
}

async function deleteConversationRows(db: HuixinDb, conversationId: string): Promise<void> {
  await Promise.all([
    db.messages.where('[conversationId+sentAt]').between([conversationId, ''], [conversationId, '\uffff']).delete(),
    db.drafts.delete(conversationId),
    db.readMarks.delete(conversationId),
    // A review's text and pictures go with its thread (retention counts the thread's activity).
    db.reviews.where('conversationId').equals(conversationId).delete(),
  ]);
}

/** Outbox items not yet accepted by the server (sign-out would discard them). */
export async function countUnsent(db: HuixinDb): Promise<number> {
  return db.outbox.count();
}
