import type { Database } from '../storage/database';

export interface CompactionResult {
  /** Change rows deleted, over all streams. */
  deleted: number;
  /** New compaction floor per stream that changed. */
  floors: Record<string, number>;
}

/**
 * Change-feed retention: deletes snapshots older than `olderThan` that a later snapshot of
 * the same entity supersedes. The latest snapshot of every entity always stays, so a
 * client reading a stream from seq 0 still ends with every entity's current state; what
 * is lost is only the history in between. `streams.compacted_seq` records the highest seq
 * deleted: a pull from a cursor below it answers `cursor_too_old` (server/sync/socket-gateway.ts).
 *
 * One transaction per stream; appends to the stream are not blocked (they only add newer
 * rows, which can only make more old rows superseded on the next run).
 */
export async function compactChanges(db: Database, olderThan: Date): Promise<CompactionResult> {
  const streams = await db.query<{ stream: string }>('SELECT stream FROM streams ORDER BY stream');
  const result: CompactionResult = { deleted: 0, floors: {} };
  for (const { stream } of streams) {
    const deleted = await db.transaction(async (tx) => {
      const rows = await tx.query<{ seq: string | number }>(
        `DELETE FROM changes old
          WHERE old.stream = $1 AND old.created_at < $2
            AND EXISTS (SELECT 1 FROM changes newer
                         WHERE newer.stream = old.stream AND newer.entity = old.entity
                           AND newer.entity_id = old.entity_id AND newer.seq > old.seq)
          RETURNING old.seq`,
        [stream, olderThan],
      );
      if (rows.length === 0) return null;
      const floor = Math.max(...rows.map((row) => Number(row.seq)));
      await tx.query('UPDATE streams SET compacted_seq = GREATEST(compacted_seq, $2) WHERE stream = $1', [stream, floor]);
      return { count: rows.length, floor };
    });
    if (deleted) {
      result.deleted += deleted.count;
      result.floors[stream] = deleted.floor;
    }
  }
  return result;
}

/** Runs compaction on an interval (`retentionDays` of change history kept). */
export class ChangeCompactor {
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: Database,
    private readonly retentionDays: number,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 60 * 60 * 1000,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.runOnce().catch(this.onError), this.intervalMs);
    this.#timer.unref();
  }

  runOnce(now = new Date()): Promise<CompactionResult> {
    return compactChanges(this.db, new Date(now.getTime() - this.retentionDays * 24 * 60 * 60 * 1000));
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
