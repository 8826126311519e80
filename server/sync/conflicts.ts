import type { ConflictDetail } from '../../shared';
import type { Queryable } from '../storage/database';

type Field = ConflictDetail['field'];

/**
 * Concurrent status and assignment changes: the server's order wins. A mutation that
 * carries the value its agent saw (`expectedStatus` / `expectedAssigneeId`) is rejected
 * with `conflict` when the conversation moved on meanwhile, naming the current value and
 * who set it, so the losing agent is told instead of silently overwriting the winner.
 */

/** Records that `userId` set `field` to `value` (same transaction as the change). */
export async function recordFieldAuthor(tx: Queryable, conversationId: string, field: Field, value: string | null, userId: string): Promise<void> {
  await tx.query(
    `INSERT INTO conversation_field_authors (conversation_id, field, value, user_id, changed_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (conversation_id, field) DO UPDATE SET value = EXCLUDED.value, user_id = EXCLUDED.user_id, changed_at = now()`,
    [conversationId, field, value, userId],
  );
}

/** The rejection for a stale `expected…` value. */
export async function conflictRejection(
  tx: Queryable,
  conversationId: string,
  field: Field,
  current: string | null,
): Promise<{ status: 'rejected'; code: 'conflict'; message: string; conflict: ConflictDetail }> {
  const [author] = await tx.query<{ user_id: string; value: string | null; display_name: string | null }>(
    `SELECT a.user_id, a.value, u.display_name
       FROM conversation_field_authors a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.conversation_id = $1 AND a.field = $2`,
    [conversationId, field],
  );
  // Named only when the recorded change is the one still in place.
  const changedBy = author && author.value === current ? author : null;
  let currentText = current ?? 'nobody';
  if (field === 'assignee' && current !== null) {
    const [assignee] = await tx.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [current]);
    currentText = assignee?.display_name ?? current;
  }
  const what = field === 'status' ? `the status to ${currentText}` : `the assignee to ${currentText}`;
  const who = changedBy ? (changedBy.display_name ?? changedBy.user_id) : 'Someone';
  return {
    status: 'rejected',
    code: 'conflict',
    message: `${who} already changed ${what}; your change was not applied`,
    conflict: { field, current, changedBy: changedBy?.user_id ?? null },
  };
}
