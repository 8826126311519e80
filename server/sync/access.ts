import { TEAM_STREAM, storeStream, userStream, type StreamId, type User } from '../../shared';
import type { Queryable } from '../storage/database';

/**
 * Who may read what. Everyone reads the team stream and their own user stream (personal
 * quick replies); leads and owners read every store; agents read the stores they were
 * granted (agent_stores). Nobody reads another user's stream, whatever their role.
 */
export async function readableStoreIds(db: Queryable, user: User): Promise<string[]> {
  const rows =
    user.role === 'agent'
      ? await db.query<{ id: string }>(
          'SELECT store_id AS id FROM agent_stores WHERE user_id = $1 ORDER BY store_id',
          [user.id],
        )
      : await db.query<{ id: string }>('SELECT id FROM stores ORDER BY id');
  return rows.map((row) => row.id);
}

export async function readableStreams(db: Queryable, user: User): Promise<StreamId[]> {
  return [TEAM_STREAM, userStream(user.id), ...(await readableStoreIds(db, user)).map(storeStream)];
}

export async function canReadStore(db: Queryable, user: User, storeId: string): Promise<boolean> {
  if (user.role !== 'agent') {
    return (await db.query('SELECT 1 FROM stores WHERE id = $1', [storeId])).length > 0;
  }
  return (await db.query('SELECT 1 FROM agent_stores WHERE user_id = $1 AND store_id = $2', [user.id, storeId])).length > 0;
}

export async function canReadStream(db: Queryable, user: User, stream: StreamId): Promise<boolean> {
  if (stream === TEAM_STREAM) return true;
  if (stream.startsWith('user:')) return stream === userStream(user.id);
  return canReadStore(db, user, stream.slice('store:'.length));
}
