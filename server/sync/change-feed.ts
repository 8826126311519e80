import type { Change, StreamHead, StreamId } from '../../shared';
import type { Database, Queryable } from '../storage/database';

/** An entity snapshot before it gets its place in a stream. */
export type EntitySnapshot = Change extends infer C ? (C extends Change ? Pick<C, 'entity' | 'data'> : never) : never;

export interface CommittedChanges {
  stream: StreamId;
  changes: Change[];
}
export type CommitListener = (batch: CommittedChanges) => void;

/** What code inside `ChangeFeed.write` works with: the transaction plus the feed. */
export interface FeedTransaction {
  readonly tx: Queryable;
  /** Appends snapshots to a stream, with the next seqs of that stream, in this transaction. */
  append(stream: StreamId, snapshots: EntitySnapshot[]): Promise<Change[]>;
  /** Runs after COMMIT (never after a rollback), e.g. to wake the outbound dispatcher. */
  afterCommit(fn: () => void): void;
}

export interface PullPage {
  changes: Change[];
  headSeq: number;
  hasMore: boolean;
  /** The stream's compaction floor (server/sync/compaction.ts): seqs up to it may be missing. */
  compactedSeq: number;
}

interface ChangeRow {
  seq: number | null;
  entity: Change['entity'] | null;
  data: unknown;
  head_seq: number;
  compacted_seq: number | string | null;
}

/**
 * The change feed: every write of a synced entity appends a snapshot to its stream in
 * the same transaction. Seqs come from `UPDATE streams SET head_seq = head_seq + n`:
 * the row lock it takes is held until COMMIT, so writers of one stream queue up and
 * commit in seq order — also across several server nodes on one PostgreSQL — and a
 * committed head always has every change up to it committed (no gaps, ever).
 * Listeners hear about changes only after COMMIT.
 */
export class ChangeFeed {
  readonly #listeners = new Set<CommitListener>();

  constructor(private readonly db: Database) {}

  onCommitted(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async write<T>(fn: (feed: FeedTransaction) => Promise<T>): Promise<T> {
    const pending = new Map<StreamId, Change[]>();
    const after: Array<() => void> = [];
    const result = await this.db.transaction(async (tx) => {
      pending.clear();
      after.length = 0;
      const feed: FeedTransaction = {
        tx,
        append: async (stream, snapshots) => {
          const changes = await appendChanges(tx, stream, snapshots);
          pending.set(stream, [...(pending.get(stream) ?? []), ...changes]);
          return changes;
        },
        afterCommit: (hook) => after.push(hook),
      };
      return fn(feed);
    });
    for (const [stream, changes] of pending) {
      if (changes.length === 0) continue;
      for (const listener of this.#listeners) {
        try {
          listener({ stream, changes });
        } catch (error) {
          console.error('[change-feed] listener failed:', error);
        }
      }
    }
    for (const hook of after) {
      try {
        hook();
      } catch (error) {
        console.error('[change-feed] after-commit hook failed:', error);
      }
    }
    return result;
  }

  /**
   * Changes of one stream after `since`, in seq order. One statement, so the head and
   * the page come from the same snapshot.
   */
  async pull(stream: StreamId, since: number, limit: number): Promise<PullPage> {
    const rows = await this.db.query<ChangeRow>(
      `SELECT c.seq, c.entity, c.data, s.head_seq, s.compacted_seq
         FROM (SELECT $1::text AS stream) AS wanted
         LEFT JOIN streams s ON s.stream = wanted.stream
         LEFT JOIN LATERAL (
           SELECT seq, entity, data FROM changes
            WHERE changes.stream = wanted.stream AND changes.seq > $2
            ORDER BY seq LIMIT $3
         ) c ON true
        ORDER BY c.seq`,
      [stream, since, limit + 1],
    );
    const headSeq = rows[0]?.head_seq ?? 0;
    const changes: Change[] = [];
    for (const row of rows) {
      if (row.seq === null || row.entity === null) continue;
      changes.push({ stream, seq: row.seq, entity: row.entity, op: 'upsert', data: row.data } as Change);
    }
    const hasMore = changes.length > limit;
    if (hasMore) changes.length = limit;
    return { changes, headSeq, hasMore, compactedSeq: Number(rows[0]?.compacted_seq ?? 0) };
  }

  async heads(streams: StreamId[]): Promise<StreamHead[]> {
    if (streams.length === 0) return [];
    const rows = await this.db.query<{ stream: string; head_seq: number }>(
      'SELECT stream, head_seq FROM streams WHERE stream = ANY($1::text[])',
      [streams],
    );
    const byStream = new Map(rows.map((row) => [row.stream, row.head_seq]));
    return streams.map((stream) => ({ stream, headSeq: byStream.get(stream) ?? 0 }));
  }
}

/** Allocates `snapshots.length` seqs on `stream` and inserts the change rows. */
export async function appendChanges(tx: Queryable, stream: StreamId, snapshots: EntitySnapshot[]): Promise<Change[]> {
  if (snapshots.length === 0) return [];
  const [row] = await tx.query<{ head_seq: number }>(
    `INSERT INTO streams (stream, head_seq) VALUES ($1, $2)
     ON CONFLICT (stream) DO UPDATE SET head_seq = streams.head_seq + EXCLUDED.head_seq
     RETURNING head_seq`,
    [stream, snapshots.length],
  );
  if (!row) throw new Error(`could not allocate seqs on ${stream}`);
  const first = row.head_seq - snapshots.length + 1;
  const changes = snapshots.map((snapshot, index) => ({ ...snapshot, stream, seq: first + index, op: 'upsert' }) as Change);
  // One multi-row insert: the seqs, entities, ids and snapshots as parallel arrays.
  await tx.query(
    `INSERT INTO changes (stream, seq, entity, entity_id, data)
     SELECT $1, seq, entity, entity_id, data
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[]) AS t(seq, entity, entity_id, data)`,
    [
      stream,
      changes.map((change) => change.seq),
      changes.map((change) => change.entity),
      changes.map((change) => change.data.id),
      changes.map((change) => JSON.stringify(change.data)),
    ],
  );
  return changes;
}
