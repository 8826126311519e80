import type { Conversation, ConversationStatus, Customer, Store } from '../../../shared';
import { maxKey, minKey, type HuixinDb } from './database';
import { pendingStatuses, withPendingStatus } from './overlay';
import { countUnread, isUnread, readMarkMap } from './unread';

/**
 * Read models for the UI. Each is a plain async function over the cache, so the UI can
 * wrap it in a live query and re-render whenever the sync worker writes.
 */

export const INBOX_TABS = ['open', 'pending', 'resolved', 'all'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

export interface InboxItem {
  conversation: Conversation;
  store: Store | undefined;
  customer: Customer | undefined;
  unread: boolean;
}

/** One inbox tab, newest activity first, with the agent's pending status changes applied. */
export async function loadInbox(db: HuixinDb, tab: InboxTab): Promise<InboxItem[]> {
  const pending = pendingStatuses(await db.outbox.toArray());
  let conversations: Conversation[];
  if (tab === 'all') {
    conversations = await db.conversations.orderBy('lastMessageAt').reverse().toArray();
  } else {
    conversations = await db.conversations
      .where('[status+lastMessageAt]')
      .between([tab, minKey], [tab, maxKey])
      .reverse()
      .toArray();
    conversations = await overlayTab(db, conversations, pending, tab);
  }
  conversations = conversations.map((c) => withPendingStatus(c, pending));
  return toInboxItems(db, conversations);
}

/** Joins each conversation with its store, its customer and its unread state, keeping the order. */
export async function toInboxItems(db: HuixinDb, conversations: readonly Conversation[]): Promise<InboxItem[]> {
  const [stores, customers, marks] = await Promise.all([
    db.stores.toArray(),
    db.customers.bulkGet([...new Set(conversations.map((c) => c.customerId))]),
    db.readMarks.bulkGet(conversations.map((c) => c.id)),
  ]);
  const storeById = new Map(stores.map((s) => [s.id, s]));
  const customerById = new Map(customers.filter((c): c is Customer => c !== undefined).map((c) => [c.id, c]));
  return conversations.map((conversation, i) => ({
    conversation,
    store: storeById.get(conversation.storeId),
    customer: customerById.get(conversation.customerId),
    unread: isUnread(conversation, marks[i]?.lastReadAt),
  }));
}

/** Moves conversations whose pending status change takes them into or out of this tab. */
async function overlayTab(
  db: HuixinDb,
  inTab: Conversation[],
  pending: ReadonlyMap<string, ConversationStatus>,
  tab: ConversationStatus,
): Promise<Conversation[]> {
  if (pending.size === 0) return inTab;
  const present = new Set(inTab.map((c) => c.id));
  const kept = inTab.filter((c) => (pending.get(c.id) ?? c.status) === tab);
  const joiningIds = [...pending].filter(([id, status]) => status === tab && !present.has(id)).map(([id]) => id);
  const joining = (await db.conversations.bulkGet(joiningIds)).filter((c): c is Conversation => c !== undefined);
  if (joining.length === 0) return kept;
  return [...kept, ...joining].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

/** Number of conversations with an inbound message the agent has not seen. */
export async function loadUnreadCount(db: HuixinDb): Promise<number> {
  const [conversations, marks] = await Promise.all([db.conversations.toArray(), db.readMarks.toArray()]);
  return countUnread(conversations, readMarkMap(marks));
}

export interface ConversationDetail {
  conversation: Conversation;
  store: Store | undefined;
  customer: Customer | undefined;
}

export async function loadConversation(db: HuixinDb, id: string): Promise<ConversationDetail | null> {
  const conversation = await db.conversations.get(id);
  if (!conversation) return null;
  const pending = pendingStatuses(await db.outbox.where('conversationId').equals(id).toArray());
  const [store, customer] = await Promise.all([db.stores.get(conversation.storeId), db.customers.get(conversation.customerId)]);
  return { conversation: withPendingStatus(conversation, pending), store, customer };
}

export function loadMessages(db: HuixinDb, conversationId: string) {
  return db.messages
    .where('[conversationId+sentAt]')
    .between([conversationId, minKey], [conversationId, maxKey])
    .toArray();
}
