import {
  CONVERSATION_KINDS,
  CONVERSATION_STATUSES,
  PLATFORMS,
  PRIORITIES,
  type Conversation,
  type Store,
} from '../../../shared';
import { z } from 'zod';
import { maxKey, minKey, type HuixinDb } from './database';
import { newUuid } from './ids';
import { pendingStatuses, withPendingStatus } from './overlay';
import { toInboxItems, type InboxItem } from './queries';
import { isUnread, readMarkMap } from './unread';

/**
 * Inbox filters, quick views ("mine", "unassigned") and saved views. A filter is plain
 * data (so a saved view is just a name plus a filter), matched by a pure function; the
 * loader picks the narrowest Dexie index for the first cut and filters the rest in memory.
 */
export const INBOX_SORTS = ['latest', 'waitingLongest'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/** `me` = the signed-in agent, `none` = unassigned, else a user id. */
export const inboxFilterSchema = z.object({
  statuses: z.array(z.enum(CONVERSATION_STATUSES)).default([]),
  platforms: z.array(z.enum(PLATFORMS)).default([]),
  storeIds: z.array(z.string()).default([]),
  kinds: z.array(z.enum(CONVERSATION_KINDS)).default([]),
  assignee: z.union([z.literal('any'), z.literal('me'), z.literal('none'), z.string().min(1)]).default('any'),
  tags: z.array(z.string()).default([]),
  priorities: z.array(z.enum(PRIORITIES)).default([]),
  sort: z.enum(INBOX_SORTS).default('latest'),
});
export type InboxFilter = z.infer<typeof inboxFilterSchema>;

export const EMPTY_FILTER: InboxFilter = inboxFilterSchema.parse({});

export const QUICK_VIEWS = {
  mine: { ...EMPTY_FILTER, statuses: ['open', 'pending'], assignee: 'me' },
  unassigned: { ...EMPTY_FILTER, statuses: ['open'], assignee: 'none' },
} as const satisfies Record<string, InboxFilter>;
export type QuickView = keyof typeof QUICK_VIEWS;

export interface SavedViewRow {
  id: string;
  userId: string;
  name: string;
  filter: InboxFilter;
  createdAt: string;
}

export interface FilterContext {
  userId: string;
  storesById: ReadonlyMap<string, Store>;
}

export function matchesFilter(c: Conversation, filter: InboxFilter, context: FilterContext): boolean {
  if (filter.statuses.length > 0 && !filter.statuses.includes(c.status)) return false;
  if (filter.storeIds.length > 0 && !filter.storeIds.includes(c.storeId)) return false;
  if (filter.kinds.length > 0 && !filter.kinds.includes(c.kind)) return false;
  if (filter.priorities.length > 0 && !filter.priorities.includes(c.priority)) return false;
  if (filter.tags.length > 0 && !filter.tags.some((tag) => c.tags.includes(tag))) return false;
  if (filter.platforms.length > 0) {
    const platform = context.storesById.get(c.storeId)?.platform;
    if (!platform || !filter.platforms.includes(platform)) return false;
  }
  const assignee = filter.assignee === 'me' ? context.userId : filter.assignee;
  if (assignee === 'none') return c.assigneeId === null;
  if (assignee !== 'any' && c.assigneeId !== assignee) return false;
  return true;
}

/** Newest activity first, or the buyer who has waited longest first (nobody waiting last). */
export function sortConversations(list: Conversation[], sort: InboxSort): Conversation[] {
  if (sort === 'latest') return list.sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
  return list.sort((a, b) => {
    if (a.waitingSince === b.waitingSince) return b.lastMessageAt.localeCompare(a.lastMessageAt);
    if (a.waitingSince === null) return 1;
    if (b.waitingSince === null) return -1;
    return Date.parse(a.waitingSince) - Date.parse(b.waitingSince);
  });
}

/** The first cut through an index: the narrowest one the filter allows. */
async function candidates(db: HuixinDb, filter: InboxFilter, userId: string): Promise<Conversation[]> {
  const assignee = filter.assignee === 'me' ? userId : filter.assignee;
  if (assignee !== 'any' && assignee !== 'none') {
    return db.conversations.where('[assigneeId+lastMessageAt]').between([assignee, minKey], [assignee, maxKey]).toArray();
  }
  if (filter.storeIds.length === 1 && filter.storeIds[0] !== undefined) {
    const storeId = filter.storeIds[0];
    return db.conversations.where('[storeId+lastMessageAt]').between([storeId, minKey], [storeId, maxKey]).toArray();
  }
  if (filter.statuses.length > 0) {
    const parts = await Promise.all(
      filter.statuses.map((status) =>
        db.conversations.where('[status+lastMessageAt]').between([status, minKey], [status, maxKey]).toArray(),
      ),
    );
    return parts.flat();
  }
  if (filter.tags.length > 0) return db.conversations.where('tags').anyOf(filter.tags).distinct().toArray();
  return db.conversations.toArray();
}

export async function filterConversations(db: HuixinDb, filter: InboxFilter, userId: string): Promise<Conversation[]> {
  const storesById = new Map((await db.stores.toArray()).map((s) => [s.id, s]));
  // The agent's own status changes still in the outbox count at once (a resolved thread
  // leaves "open" while offline); while there are any, the index cut could miss a thread
  // joining this view, so scan the table instead — such rows are few and short-lived.
  const pending = pendingStatuses(await db.outbox.toArray());
  const pool = pending.size > 0 ? await db.conversations.toArray() : await candidates(db, filter, userId);
  const matched = pool.map((c) => withPendingStatus(c, pending)).filter((c) => matchesFilter(c, filter, { userId, storesById }));
  return sortConversations(matched, filter.sort);
}

export type FilteredInboxItem = InboxItem;

export async function loadFilteredInbox(db: HuixinDb, filter: InboxFilter, userId: string): Promise<FilteredInboxItem[]> {
  return toInboxItems(db, await filterConversations(db, filter, userId));
}

/** Unread conversations per view id (quick views by name, saved views by id). */
export async function countUnreadPerView(
  db: HuixinDb,
  views: ReadonlyArray<{ id: string; filter: InboxFilter }>,
  userId: string,
): Promise<Record<string, number>> {
  const [conversations, stores, marks] = await Promise.all([db.conversations.toArray(), db.stores.toArray(), db.readMarks.toArray()]);
  const context = { userId, storesById: new Map(stores.map((s) => [s.id, s])) };
  const readAt = readMarkMap(marks);
  const unread = conversations.filter((c) => isUnread(c, readAt.get(c.id)));
  return Object.fromEntries(views.map((view) => [view.id, unread.filter((c) => matchesFilter(c, view.filter, context)).length]));
}

export function listSavedViews(db: HuixinDb, userId: string): Promise<SavedViewRow[]> {
  return db.savedViews.where('userId').equals(userId).sortBy('createdAt');
}

export async function saveView(db: HuixinDb, userId: string, name: string, filter: InboxFilter): Promise<SavedViewRow> {
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('A saved view needs a name');
  const row: SavedViewRow = { id: newUuid(), userId, name: trimmed.slice(0, 60), filter: inboxFilterSchema.parse(filter), createdAt: new Date().toISOString() };
  await db.savedViews.add(row);
  return row;
}

export async function renameSavedView(db: HuixinDb, id: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('A saved view needs a name');
  await db.savedViews.update(id, { name: trimmed.slice(0, 60) });
}

export async function deleteSavedView(db: HuixinDb, id: string): Promise<void> {
  await db.savedViews.delete(id);
}

/** Every tag in use, for the tag filter's choices. */
export async function listTags(db: HuixinDb): Promise<string[]> {
  return (await db.conversations.orderBy('tags').uniqueKeys()).map(String).sort();
}
