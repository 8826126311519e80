import type { QuickReply } from '../../../../shared';
import { enqueueMutation, setConversationStatus, type HuixinDb } from '../../db';

/**
 * After a reply written with quick replies is queued: their "set status" and "add tag"
 * actions, queued behind the reply so that the server applies them in that order.
 * When several templates set a status, the last one inserted wins.
 */
export async function applyTemplateActions(db: HuixinDb, conversationId: string, used: readonly QuickReply[]): Promise<void> {
  const tags = [...new Set(used.map((t) => t.addTag).filter((tag): tag is string => tag !== null))];
  const status = used.map((t) => t.setStatus).filter((s) => s !== null).at(-1);
  if (tags.length > 0) await enqueueMutation(db, { type: 'conversation.tag', conversationId, add: tags, remove: [] });
  if (status) await setConversationStatus(db, conversationId, status);
}
