import type { NewQuickReply, User } from '../../shared';
import type { FeedTransaction } from '../sync/change-feed';
import { templateStream, toQuickReply, type QuickReplyRow } from './template-rows';

/**
 * Who may write a template of a scope: everyone their own personal ones; leads and
 * owners the team's and every store's. Nobody writes another user's personal templates.
 */
export function mayWriteTemplate(user: User, template: { scope: NewQuickReply['scope']; ownerId: string | null }): boolean {
  if (template.scope === 'personal') return template.ownerId === user.id;
  return user.role === 'lead' || user.role === 'owner';
}

export async function findTemplate(feed: FeedTransaction, id: string): Promise<QuickReplyRow | null> {
  const [row] = await feed.tx.query<QuickReplyRow>('SELECT * FROM quick_replies WHERE id = $1 FOR UPDATE', [id]);
  return row ?? null;
}

/** Inserts or updates a template row and appends its snapshot to its stream. */
export async function saveTemplate(feed: FeedTransaction, id: string, template: NewQuickReply, ownerId: string | null): Promise<QuickReplyRow> {
  const [row] = await feed.tx.query<QuickReplyRow>(
    `INSERT INTO quick_replies (id, scope, store_id, owner_id, title, shortcut, body, category, language, set_status, add_tag)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, shortcut = EXCLUDED.shortcut, body = EXCLUDED.body,
       category = EXCLUDED.category, language = EXCLUDED.language, set_status = EXCLUDED.set_status,
       add_tag = EXCLUDED.add_tag, updated_at = now()
     RETURNING *`,
    [
      id,
      template.scope,
      template.storeId,
      ownerId,
      template.title,
      template.shortcut,
      template.body,
      template.category,
      template.language,
      template.setStatus,
      template.addTag,
    ],
  );
  if (!row) throw new Error(`template ${id} was not saved`);
  const snapshot = toQuickReply(row);
  await feed.append(templateStream(snapshot), [{ entity: 'quickReply', data: snapshot }]);
  return row;
}

export async function tombstoneTemplate(feed: FeedTransaction, id: string): Promise<void> {
  const [row] = await feed.tx.query<QuickReplyRow>(
    'UPDATE quick_replies SET deleted_at = now(), updated_at = now() WHERE id = $1 RETURNING *',
    [id],
  );
  if (!row) throw new Error(`template ${id} vanished`);
  const snapshot = toQuickReply(row);
  await feed.append(templateStream(snapshot), [{ entity: 'quickReply', data: snapshot }]);
}
