import { randomUUID } from 'node:crypto';
import { MAX_TAGS, storeStream, type User } from '../../shared';
import { toCustomer, toMessage, type ConversationRow, type CustomerRow, type MessageRow } from '../storage/rows';
import { canReadStore } from '../sync/access';
import type { FeedTransaction } from '../sync/change-feed';
import { reject, saveConversation, type Outcome } from '../sync/mutations';

/**
 * The merged inbox's mutations (issue 3), applied inside MutationService's transaction
 * after it has locked the conversation and checked the agent may read its store.
 */

export async function snooze(feed: FeedTransaction, conversation: ConversationRow, until: string): Promise<Outcome> {
  const wakeAt = new Date(until);
  if (wakeAt.getTime() <= Date.now()) return reject('bad_request', `A snooze must end in the future, not ${until}`);
  return saveConversation(feed, conversation, { status: 'snoozed', snoozed_until: wakeAt });
}

export async function tagConversation(
  feed: FeedTransaction,
  conversation: ConversationRow,
  add: readonly string[],
  remove: readonly string[],
): Promise<Outcome> {
  const removed = new Set(remove);
  const tags = [...new Set([...conversation.tags, ...add])].filter((tag) => !removed.has(tag));
  if (tags.length > MAX_TAGS) return reject('bad_request', `A conversation holds at most ${MAX_TAGS} tags`);
  return saveConversation(feed, conversation, { tags });
}

/** An internal note: a message with direction `note`, synced to the team, never sent out. */
export async function addNote(
  feed: FeedTransaction,
  user: User,
  conversation: ConversationRow,
  messageId: string,
  body: string,
): Promise<Outcome> {
  const [existing] = await feed.tx.query('SELECT id FROM messages WHERE id = $1', [messageId]);
  if (existing) return reject('conflict', `Message id ${messageId} is already taken`);
  // `sent` = stored for the team; there is no outbound job, so it never reaches the platform.
  const [note] = await feed.tx.query<MessageRow>(
    `INSERT INTO messages (id, conversation_id, store_id, direction, author_id, body, sent_at, delivery)
     VALUES ($1, $2, $3, 'note', $4, $5, now(), 'sent') RETURNING *`,
    [messageId, conversation.id, conversation.store_id, user.id, body],
  );
  if (!note) throw new Error('note insert returned nothing');
  await feed.append(storeStream(conversation.store_id), [{ entity: 'message', data: toMessage(note) }]);
  return { status: 'applied' };
}

const mayLink = (user: User) => user.role === 'owner' || user.role === 'lead';

/** Makes two buyers one person: their link groups merge into one link id. */
export async function linkCustomers(feed: FeedTransaction, user: User, customerId: string, otherId: string): Promise<Outcome> {
  if (!mayLink(user)) return reject('forbidden', 'Only owners and leads link customers');
  if (customerId === otherId) return reject('bad_request', 'A customer cannot be linked to itself');
  const rows = await feed.tx.query<CustomerRow>('SELECT * FROM customers WHERE id IN ($1, $2) FOR UPDATE', [customerId, otherId]);
  for (const id of [customerId, otherId]) {
    const row = rows.find((r) => r.id === id);
    if (!row || !(await canReadStore(feed.tx, user, row.store_id))) return reject('not_found', `No customer ${id}`);
  }
  const groups = [...new Set(rows.map((r) => r.link_id).filter((id): id is string => id !== null))].sort();
  const linkId = groups[0] ?? randomUUID();
  const updated = await feed.tx.query<CustomerRow>(
    `UPDATE customers SET link_id = $1
      WHERE id IN ($2, $3) OR link_id IN (SELECT jsonb_array_elements_text($4::jsonb))
      RETURNING *`,
    [linkId, customerId, otherId, JSON.stringify(groups)],
  );
  await appendCustomers(feed, updated);
  return { status: 'applied' };
}

/** Takes a buyer out of its link group; a group left with one member dissolves. */
export async function unlinkCustomer(feed: FeedTransaction, user: User, customerId: string): Promise<Outcome> {
  if (!mayLink(user)) return reject('forbidden', 'Only owners and leads unlink customers');
  const [row] = await feed.tx.query<CustomerRow>('SELECT * FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
  if (!row || !(await canReadStore(feed.tx, user, row.store_id))) return reject('not_found', `No customer ${customerId}`);
  if (row.link_id === null) return { status: 'applied' };
  const changed = await feed.tx.query<CustomerRow>('UPDATE customers SET link_id = NULL WHERE id = $1 RETURNING *', [customerId]);
  const rest = await feed.tx.query<CustomerRow>('SELECT * FROM customers WHERE link_id = $1 FOR UPDATE', [row.link_id]);
  if (rest.length === 1 && rest[0]) {
    changed.push(...(await feed.tx.query<CustomerRow>('UPDATE customers SET link_id = NULL WHERE id = $1 RETURNING *', [rest[0].id])));
  }
  await appendCustomers(feed, changed);
  return { status: 'applied' };
}

/** Each customer snapshot goes to its own store's stream. */
async function appendCustomers(feed: FeedTransaction, rows: readonly CustomerRow[]): Promise<void> {
  const byStore = new Map<string, CustomerRow[]>();
  for (const row of rows) byStore.set(row.store_id, [...(byStore.get(row.store_id) ?? []), row]);
  for (const [storeId, customers] of [...byStore].sort(([a], [b]) => a.localeCompare(b))) {
    await feed.append(storeStream(storeId), customers.map((row) => ({ entity: 'customer' as const, data: toCustomer(row) })));
  }
}
