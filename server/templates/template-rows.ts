import {
  quickReplySchema,
  storeStream,
  TEAM_STREAM,
  userStream,
  type ConversationStatus,
  type QuickReply,
  type StreamId,
  type TemplateLanguage,
  type TemplateScope,
} from '../../shared';

export interface QuickReplyRow {
  id: string;
  scope: TemplateScope;
  store_id: string | null;
  owner_id: string | null;
  title: string;
  shortcut: string;
  body: string;
  category: string;
  language: TemplateLanguage;
  set_status: ConversationStatus | null;
  add_tag: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const toQuickReply = (row: QuickReplyRow): QuickReply =>
  quickReplySchema.parse({
    id: row.id,
    scope: row.scope,
    storeId: row.store_id,
    ownerId: row.owner_id,
    title: row.title,
    shortcut: row.shortcut,
    body: row.body,
    category: row.category,
    language: row.language,
    setStatus: row.set_status,
    addTag: row.add_tag,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  });

/** The stream that carries a template: its owner's, its store's, or the team's. */
export function templateStream(template: { scope: TemplateScope; storeId: string | null; ownerId: string | null }): StreamId {
  if (template.scope === 'personal' && template.ownerId !== null) return userStream(template.ownerId);
  if (template.scope === 'store' && template.storeId !== null) return storeStream(template.storeId);
  return TEAM_STREAM;
}
