import type { PollCursors } from '../connectors/types';
import type { Queryable } from '../storage/database';

/** A store's poll cursors in the `poll_cursors` table (migration 0012). */
export function pollCursorsFor(db: Queryable, storeId: string): PollCursors {
  return {
    async load(source) {
      const rows = await db.query<{ value: string }>('SELECT value FROM poll_cursors WHERE store_id = $1 AND source = $2', [storeId, source]);
      return rows[0]?.value ?? null;
    },
    async save(source, value) {
      await db.query(
        `INSERT INTO poll_cursors (store_id, source, value, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (store_id, source) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [storeId, source, value],
      );
    },
  };
}
