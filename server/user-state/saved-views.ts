import { savedViewSchema, userStream, type MutationPayload, type SavedView, type User } from '../../shared';
import type { FeedTransaction } from '../sync/change-feed';

interface SavedViewRow {
  id: string;
  owner_id: string;
  name: string;
  filter: unknown;
  sort: string;
  position: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

type Outcome = { status: 'applied' } | { status: 'rejected'; code: string; message: string };
const reject = (code: string, message: string): Outcome => ({ status: 'rejected', code, message });

export type SavedViewMutation = Extract<MutationPayload, { type: 'savedView.save' | 'savedView.delete' }>;

/** Parsed again on the way out: a row that does not match the schema is a bug, not data to sync. */
const toSavedView = (row: SavedViewRow): SavedView =>
  savedViewSchema.parse({
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    filter: row.filter,
    sort: row.sort,
    position: row.position,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  });

/**
 * savedView.save and savedView.delete: a view belongs to the user who created it, for
 * life, and travels only in their stream. Someone else's view looks like no view at all
 * (the ids are client-generated uuids, so a clash means a guess). A deleted view stays
 * deleted: saving it again is refused, like templates, so that a rename queued offline
 * does not resurrect a view deleted on another machine.
 */
export async function applySavedViewMutation(feed: FeedTransaction, user: User, payload: SavedViewMutation): Promise<Outcome> {
  const [existing] = await feed.tx.query<SavedViewRow>('SELECT * FROM saved_views WHERE id = $1 FOR UPDATE', [payload.viewId]);
  if (existing && existing.owner_id !== user.id) return reject('not_found', `No saved view ${payload.viewId}`);
  if (existing?.deleted_at) return reject('not_found', `Saved view ${payload.viewId} was deleted`);

  if (payload.type === 'savedView.delete') {
    if (!existing) return reject('not_found', `No saved view ${payload.viewId}`);
    const [row] = await feed.tx.query<SavedViewRow>(
      'UPDATE saved_views SET deleted_at = now(), updated_at = now() WHERE id = $1 RETURNING *',
      [payload.viewId],
    );
    return append(feed, user, row);
  }

  const { name, filter, sort, position } = payload.view;
  const [row] = await feed.tx.query<SavedViewRow>(
    `INSERT INTO saved_views (id, owner_id, name, filter, sort, position)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, filter = EXCLUDED.filter, sort = EXCLUDED.sort,
       position = EXCLUDED.position, updated_at = now()
     RETURNING *`,
    [payload.viewId, user.id, name, JSON.stringify(filter), sort, position],
  );
  return append(feed, user, row);
}

async function append(feed: FeedTransaction, user: User, row: SavedViewRow | undefined): Promise<Outcome> {
  if (!row) throw new Error('saved view write returned nothing');
  await feed.append(userStream(user.id), [{ entity: 'savedView', data: toSavedView(row) }]);
  return { status: 'applied' };
}
