import { advanceReadMark, type Conversation } from '../../../shared';
import type { HuixinDb } from './database';
import type { ReadMarkRow } from './schema';

/**
 * Unread = a buyer wrote after the agent last looked. Times are ISO-8601 UTC strings of
 * the same shape from the server, but they are compared as instants so that a mark
 * written with a different offset or precision still compares correctly.
 */
export function isUnread(conversation: Pick<Conversation, 'lastInboundAt'>, lastReadAt: string | undefined): boolean {
  if (conversation.lastInboundAt === null) return false;
  if (lastReadAt === undefined) return true;
  return Date.parse(conversation.lastInboundAt) > Date.parse(lastReadAt);
}

export function countUnread(
  conversations: readonly Pick<Conversation, 'id' | 'lastInboundAt'>[],
  readMarks: ReadonlyMap<string, string>,
): number {
  let count = 0;
  for (const c of conversations) if (isUnread(c, readMarks.get(c.id))) count++;
  return count;
}

export function readMarkMap(rows: readonly ReadMarkRow[]): Map<string, string> {
  return new Map(rows.map((r) => [r.conversationId, r.lastReadAt]));
}

/**
 * Marks a conversation read up to its latest inbound message as the cache has it (the
 * server's time, so a client clock that is off changes nothing); a buyer message that
 * arrives afterwards makes it unread again. Never moves a mark back. A mark that moved is
 * flagged pending: readMarkSync.ts sends it to the server (batched), so it follows the
 * agent to other machines. Returns whether the mark moved.
 */
export async function markConversationRead(db: HuixinDb, conversationId: string): Promise<boolean> {
  return db.transaction('rw', db.readMarks, db.conversations, async () => {
    const conversation = await db.conversations.get(conversationId);
    if (!conversation?.lastInboundAt) return false;
    const existing = await db.readMarks.get(conversationId);
    const lastReadAt = advanceReadMark(existing?.lastReadAt, conversation.lastInboundAt);
    if (lastReadAt === null) return false;
    await db.readMarks.put({ conversationId, lastReadAt, pending: 1 });
    return true;
  });
}
