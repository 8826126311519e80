import type { HuixinDb } from './database';

/** The composer's unsent text per conversation, kept so that a reload loses nothing. */
export async function saveDraft(db: HuixinDb, conversationId: string, body: string, now = new Date()): Promise<void> {
  if (body.length === 0) await db.drafts.delete(conversationId);
  else await db.drafts.put({ conversationId, body, updatedAt: now.toISOString() });
}

export async function loadDraft(db: HuixinDb, conversationId: string): Promise<string> {
  return (await db.drafts.get(conversationId))?.body ?? '';
}
