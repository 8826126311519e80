import type { Queryable } from '../storage/database';

/**
 * Counts the templates a sent message was written with. Ids that are unknown, deleted,
 * or someone else's personal template are ignored: usage is bookkeeping, never a reason
 * to refuse a reply.
 */
export async function recordTemplateUsage(db: Queryable, userId: string, messageId: string, templateIds: readonly string[]): Promise<void> {
  const ids = [...new Set(templateIds)];
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO template_usage (template_id, user_id, message_id)
     SELECT id, $2, $3 FROM quick_replies
      WHERE id = ANY($1::text[]) AND deleted_at IS NULL AND (scope <> 'personal' OR owner_id = $2)
     ON CONFLICT DO NOTHING`,
    [ids, userId, messageId],
  );
}
