import type { User } from '../../shared';
import { revokeUserSessions } from '../accounts/sessions';
import type { Database } from '../storage/database';
import type { UserRow } from '../storage/rows';
import { recordAudit } from './audit';

type Actor = Pick<User, 'id' | 'displayName'> | null;

export class AccountAdminError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
    this.name = 'AccountAdminError';
  }
}

/**
 * Disables an account (no login, every session ended) or removes it (also every store
 * grant). The row stays, so past replies keep their author's name. Connected sockets
 * are cut by the AccessEnforcer, which the caller runs afterwards (the HTTP route does it
 * at once; for the CLI the servers' periodic sweep does).
 */
export async function disableUser(db: Database, userId: string, options: { remove: boolean; actor: Actor }): Promise<UserRow> {
  if (options.actor?.id === userId) throw new AccountAdminError('You cannot disable or remove your own account', 400);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET disabled_at = coalesce(disabled_at, now()),
              removed_at = CASE WHEN $2 THEN coalesce(removed_at, now()) ELSE removed_at END
        WHERE id = $1 RETURNING *`,
      [userId, options.remove],
    );
    if (!row) throw new AccountAdminError(`No user ${userId}`, 404);
    await revokeUserSessions(tx, userId);
    if (options.remove) await tx.query('DELETE FROM agent_stores WHERE user_id = $1', [userId]);
    await recordAudit(tx, {
      actor: options.actor,
      action: options.remove ? 'user.remove' : 'user.disable',
      targetId: userId,
      detail: `${row.name} (${row.role})`,
    });
    return row;
  });
}

/** Withdraws one agent's access to one store. False when there was no such grant. */
export async function revokeStoreGrant(db: Database, storeId: string, userId: string, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx.query('DELETE FROM agent_stores WHERE store_id = $1 AND user_id = $2 RETURNING user_id', [storeId, userId]);
    if (removed.length === 0) return false;
    await recordAudit(tx, { actor, action: 'store.revoke', storeId, targetId: userId, detail: `grant of ${storeId} withdrawn` });
    return true;
  });
}
