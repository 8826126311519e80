import type { Change, EntityName, StreamId } from '../../../shared';
import type { HuixinDb } from './database';
import { TEAM_SETTINGS_META_KEY } from './security';
import { mergeSyncedReadMarks } from './readMarkSync';

export interface ApplyResult {
  /** Changes written (each seq counts once, even when a later one replaced its row). */
  applied: number;
  /** The stream's cursor after this call. */
  cursor: number;
  /** True when a change was missing (seq ≠ cursor + 1): the caller must pull from `cursor`. */
  gap: boolean;
}

type Rows = { [E in EntityName]: Map<string, Extract<Change, { entity: E }>['data']> };

/**
 * Applies one stream's changes to the cache in a single read-write transaction.
 *
 * Changes at or below the stored cursor are skipped (a replayed push or an overlapping
 * pull); the first change that does not continue the cursor (seq ≠ cursor + 1) stops
 * the batch and is reported as a gap, so the cache never holds a change whose
 * predecessors are missing. Within a batch the latest snapshot of an entity wins, and
 * each table gets one bulkPut: this is the hot path of the initial sync.
 */
export async function applyChanges(db: HuixinDb, stream: StreamId, changes: readonly Change[], compactedSeq = 0): Promise<ApplyResult> {
  // Ordered by seq so that a batch delivered out of order is still applied correctly.
  const ordered = isSortedBySeq(changes) ? changes : [...changes].sort((a, b) => a.seq - b.seq);
  const tables = [
    db.stores,
    db.users,
    db.customers,
    db.conversations,
    db.messages,
    db.orders,
    db.cursors,
    db.meta,
    db.quickReplies,
    db.complianceTerms,
    db.storeSettings,
    db.products,
    db.reviews,
    db.savedViews,
    db.readMarks,
  ];

  return db.transaction('rw', tables, async () => {
    const start = (await db.cursors.get(stream))?.seq ?? 0;
    let cursor = start;
    let gap = false;
    const rows: Rows = {
      store: new Map(),
      user: new Map(),
      customer: new Map(),
      conversation: new Map(),
      message: new Map(),
      order: new Map(),
      settings: new Map(),
      quickReply: new Map(),
      complianceTerm: new Map(),
      storeSettings: new Map(),
      product: new Map(),
      review: new Map(),
      savedView: new Map(),
      readMark: new Map(),
    };

    for (const change of ordered) {
      if (change.stream !== stream || change.seq <= cursor) continue;
      // Below the server's compaction floor superseded snapshots are gone: holes up to it
      // are expected (every entity's latest snapshot is still there), none above it.
      const continues = change.seq === cursor + 1 || (cursor < compactedSeq && change.seq <= compactedSeq + 1);
      if (!continues) {
        gap = true;
        break;
      }
      // Map.set on an existing key keeps the later snapshot: last one wins.
      (rows[change.entity] as Map<string, unknown>).set(change.data.id, change.data);
      cursor = change.seq;
    }

    if (cursor === start) return { applied: 0, cursor, gap };

    await Promise.all([
      putAll(db.stores, rows.store),
      putAll(db.users, rows.user),
      putAll(db.customers, rows.customer),
      putAll(db.conversations, rows.conversation),
      putAll(db.messages, rows.message),
      putAll(db.orders, rows.order),
      putAll(db.quickReplies, rows.quickReply),
      putAll(db.complianceTerms, rows.complianceTerm),
      putAll(db.storeSettings, rows.storeSettings),
      putAll(db.products, rows.product),
      putAll(db.reviews, rows.review),
      putAll(db.savedViews, rows.savedView),
      // Read marks merge rather than overwrite: the later mark wins (readMarkSync.ts).
      mergeSyncedReadMarks(db, [...rows.readMark.values()]),
      db.cursors.put({ stream, seq: cursor }),
      // Team settings are one row: kept in meta, read by the retention purge (security.ts).
      ...[...rows.settings.values()].map((settings) => db.meta.put({ key: TEAM_SETTINGS_META_KEY, value: JSON.stringify(settings) })),
    ]);
    return { applied: cursor - start, cursor, gap };
  });
}

function isSortedBySeq(changes: readonly Change[]): boolean {
  for (let i = 1; i < changes.length; i++) {
    if ((changes[i]?.seq ?? 0) < (changes[i - 1]?.seq ?? 0)) return false;
  }
  return true;
}

async function putAll<T>(table: { bulkPut(items: readonly T[]): Promise<unknown> }, rows: Map<string, T>): Promise<void> {
  if (rows.size > 0) await table.bulkPut([...rows.values()]);
}

/** Forgets a stream's cursor, so that the next pull reads it from 0 (re-bootstrap). */
export async function resetCursor(db: HuixinDb, stream: StreamId): Promise<void> {
  await db.cursors.delete(stream);
}

/** The stored cursor of a stream (0 when nothing was applied yet). */
export async function getCursor(db: HuixinDb, stream: StreamId): Promise<number> {
  return (await db.cursors.get(stream))?.seq ?? 0;
}
