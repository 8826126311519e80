import { readMarkSchema, userStream, type MutationPayload, type ReadMark, type User } from '../../shared';
import type { FeedTransaction } from '../sync/change-feed';
import { readableStoreIds } from '../sync/access';

interface ReadMarkRow {
  conversation_id: string;
  read_at: Date;
  updated_at: Date;
}

type Outcome = { status: 'applied' } | { status: 'rejected'; code: string; message: string };

export type MarkReadMutation = Extract<MutationPayload, { type: 'conversation.markRead' }>;

const toReadMark = (row: ReadMarkRow): ReadMark =>
  readMarkSchema.parse({
    id: row.conversation_id,
    conversationId: row.conversation_id,
    readAt: row.read_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });

/**
 * conversation.markRead: moves the sender's read marks forward, never back. A batch is
 * all or nothing: one conversation that is unknown or in a store the sender may not read
 * rejects the batch with `not_found` (the two look the same on purpose). `readAt` is
 * capped at the conversation's latest inbound message: nobody has read a message that
 * has not arrived, so a forged future time cannot hide the buyer's next message. Only
 * marks that moved become changes in the sender's stream; a stale batch writes nothing.
 */
export async function applyMarkRead(feed: FeedTransaction, user: User, payload: MarkReadMutation): Promise<Outcome> {
  // The latest proposal per conversation (a batch may name one twice).
  const proposed = new Map<string, number>();
  for (const mark of payload.marks) {
    const at = Date.parse(mark.readAt);
    proposed.set(mark.conversationId, Math.max(at, proposed.get(mark.conversationId) ?? at));
  }
  const ids = [...proposed.keys()];
  const conversations = await feed.tx.query<{ id: string; store_id: string; last_inbound_at: Date | null }>(
    'SELECT id, store_id, last_inbound_at FROM conversations WHERE id = ANY($1::text[])',
    [ids],
  );
  const readable = new Set(await readableStoreIds(feed.tx, user));
  const found = new Map(conversations.filter((c) => readable.has(c.store_id)).map((c) => [c.id, c]));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) return { status: 'rejected', code: 'not_found', message: `No conversation ${missing}` };

  const conversationIds: string[] = [];
  const readAts: Date[] = [];
  for (const [id, at] of proposed) {
    const lastInbound = found.get(id)?.last_inbound_at;
    if (!lastInbound) continue; // nothing inbound yet: nothing to be unread, nothing to mark
    conversationIds.push(id);
    readAts.push(new Date(Math.min(at, lastInbound.getTime())));
  }
  if (conversationIds.length === 0) return { status: 'applied' };
  // The WHERE on the update keeps the mark forward-only even against a concurrent batch.
  const moved = await feed.tx.query<ReadMarkRow>(
    `INSERT INTO read_marks (user_id, conversation_id, read_at)
     SELECT $1, conversation_id, read_at FROM unnest($2::text[], $3::timestamptz[]) AS t(conversation_id, read_at)
     ON CONFLICT (user_id, conversation_id) DO UPDATE SET read_at = EXCLUDED.read_at, updated_at = now()
       WHERE read_marks.read_at < EXCLUDED.read_at
     RETURNING conversation_id, read_at, updated_at`,
    [user.id, conversationIds, readAts.map((at) => at.toISOString())],
  );
  if (moved.length > 0) {
    await feed.append(
      userStream(user.id),
      moved.sort((a, b) => a.conversation_id.localeCompare(b.conversation_id)).map((row) => ({ entity: 'readMark' as const, data: toReadMark(row) })),
    );
  }
  return { status: 'applied' };
}
