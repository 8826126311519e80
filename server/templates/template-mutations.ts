import type { MutationPayload, User } from '../../shared';
import type { FeedTransaction } from '../sync/change-feed';
import { findTemplate, mayWriteTemplate, saveTemplate, tombstoneTemplate } from './template-store';

type Outcome = { status: 'applied' } | { status: 'rejected'; code: string; message: string };
const reject = (code: string, message: string): Outcome => ({ status: 'rejected', code, message });

export type TemplateMutation = Extract<MutationPayload, { type: 'template.upsert' | 'template.delete' }>;

/**
 * template.upsert and template.delete. A template keeps its scope (and store, and owner)
 * for life: moving it would leave a stale copy in the old stream's caches, so a move is a
 * new template plus a delete. Someone else's personal template looks like no template.
 */
export async function applyTemplateMutation(feed: FeedTransaction, user: User, payload: TemplateMutation): Promise<Outcome> {
  const existing = await findTemplate(feed, payload.templateId);
  const visible = existing && (existing.scope !== 'personal' || existing.owner_id === user.id) ? existing : null;
  if (existing && !visible) return reject('not_found', `No template ${payload.templateId}`);

  if (payload.type === 'template.delete') {
    if (!visible || visible.deleted_at) return reject('not_found', `No template ${payload.templateId}`);
    if (!mayWriteTemplate(user, { scope: visible.scope, ownerId: visible.owner_id })) {
      return reject('forbidden', 'Only team leads and owners change team and store templates');
    }
    await tombstoneTemplate(feed, visible.id);
    return { status: 'applied' };
  }

  const template = payload.template;
  const ownerId = template.scope === 'personal' ? user.id : null;
  if (!mayWriteTemplate(user, { scope: template.scope, ownerId })) {
    return reject('forbidden', 'Agents write personal templates; team and store templates are for team leads and owners');
  }
  if (visible) {
    if (visible.deleted_at) return reject('not_found', `Template ${payload.templateId} was deleted`);
    if (visible.scope !== template.scope || visible.store_id !== template.storeId) {
      return reject('bad_request', 'A template keeps its scope and store; create a copy in the new scope instead');
    }
  }
  if (template.storeId !== null) {
    const [store] = await feed.tx.query('SELECT 1 FROM stores WHERE id = $1', [template.storeId]);
    if (!store) return reject('not_found', `No store ${template.storeId}`);
  }
  await saveTemplate(feed, payload.templateId, template, ownerId);
  return { status: 'applied' };
}
