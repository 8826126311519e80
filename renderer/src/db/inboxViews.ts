import {
  EMPTY_FILTER,
  criteriaOf,
  inboxFilterSchema,
  savedViewContentSchema,
  type Conversation,
  type InboxFilter,
  type InboxSort,
  type SavedView,
  type Store,
} from '../../../shared';
import { maxKey, minKey, type HuixinDb } from './database';
import { newUuid } from './ids';
import { enqueueMutation } from './outbox';
import { pendingStatuses, withPendingStatus } from './overlay';
import { toInboxItems, type InboxItem } from './queries';
import type { OutboxRow } from './schema';
import { isUnread, readMarkMap } from './unread';

/**
 * Inbox filters, quick views ("mine", "unassigned") and saved views. A filter is plain
 * data (schema in shared/inbox/filter.ts, so a saved view is just a name plus a filter),
 * matched by a pure function; the loader picks the narrowest Dexie index for the first
 * cut and filters the rest in memory. Saved views sync in the agent's own stream.
 */
export { EMPTY_FILTER, INBOX_SORTS, inboxFilterSchema, type InboxFilter, type InboxSort } from '../../../shared';

export const QUICK_VIEWS = {
  mine: { ...EMPTY_FILTER, statuses: ['open', 'pending'], assignee: 'me' },
  unassigned: { ...EMPTY_FILTER, statuses: ['open'], assignee: 'none' },
} as const satisfies Record<string, InboxFilter>;
export type QuickView = keyof typeof QUICK_VIEWS;

/** A saved view as the inbox shows it: its whole filter (criteria and sort) and its place. */
export interface SavedViewRow {
  id: string;
  name: string;
  filter: InboxFilter;
  position: number;
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

/**
 * The agent's saved views as they see them: synced snapshots (their stream) with their
 * own queued saves and deletes laid over them, in queue order, like templates.ts does.
 * The outbox belongs to the signed-in agent, so a queued save is theirs.
 */
export function overlaySavedViews(synced: readonly SavedView[], outbox: readonly OutboxRow[], ownerId: string): SavedView[] {
  const byId = new Map(synced.filter((view) => view.ownerId === ownerId).map((view) => [view.id, view]));
  const queued = outbox.filter((row) => row.state !== 'failed').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  for (const row of queued) {
    const payload = row.mutation.payload;
    if (payload.type === 'savedView.save') {
      const existing = byId.get(payload.viewId);
      if (existing?.deletedAt) continue; // the server refuses to bring a deleted view back
      const createdAt = existing?.createdAt ?? row.mutation.createdAt;
      byId.set(payload.viewId, { ...payload.view, id: payload.viewId, ownerId, createdAt, updatedAt: row.mutation.createdAt, deletedAt: null });
    } else if (payload.type === 'savedView.delete') {
      const existing = byId.get(payload.viewId);
      if (existing) byId.set(payload.viewId, { ...existing, deletedAt: row.mutation.createdAt });
    }
  }
  return [...byId.values()]
    .filter((view) => view.deletedAt === null)
    .sort((a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt));
}

const toRow = (view: SavedView): SavedViewRow => ({
  id: view.id,
  name: view.name,
  filter: { ...view.filter, sort: view.sort },
  position: view.position,
  createdAt: view.createdAt,
});

export async function listSavedViews(db: HuixinDb, userId: string): Promise<SavedViewRow[]> {
  const [synced, outbox] = await Promise.all([db.savedViews.where('ownerId').equals(userId).toArray(), db.outbox.toArray()]);
  return overlaySavedViews(synced, outbox, userId).map(toRow);
}

/** Name and filter checked by the same schema the server uses; a bad one throws before anything is queued. */
function viewContent(name: string, filter: InboxFilter, position: number) {
  const parsed = inboxFilterSchema.parse(filter);
  const content = savedViewContentSchema.safeParse({ name, filter: criteriaOf(parsed), sort: parsed.sort, position });
  if (!content.success) throw new Error(`A saved view needs a name of at most 60 characters and a valid filter (${content.error.issues[0]?.message ?? ''})`);
  return content.data;
}

/** Queues a new view after the agent's others. */
export async function saveView(db: HuixinDb, userId: string, name: string, filter: InboxFilter): Promise<SavedViewRow> {
  const views = await listSavedViews(db, userId);
  const position = Math.max(-1, ...views.map((view) => view.position)) + 1;
  const id = newUuid();
  const content = viewContent(name.trim().slice(0, 60), filter, position);
  const row = await enqueueMutation(db, { type: 'savedView.save', viewId: id, view: content });
  return { id, name: content.name, filter: { ...content.filter, sort: content.sort }, position, createdAt: row.mutation.createdAt };
}

export async function renameSavedView(db: HuixinDb, userId: string, id: string, name: string): Promise<void> {
  const view = (await listSavedViews(db, userId)).find((candidate) => candidate.id === id);
  if (!view) throw new Error('This saved view no longer exists');
  await enqueueMutation(db, { type: 'savedView.save', viewId: id, view: viewContent(name.trim().slice(0, 60), view.filter, view.position) });
}

export async function deleteSavedView(db: HuixinDb, id: string): Promise<void> {
  await enqueueMutation(db, { type: 'savedView.delete', viewId: id });
}

/** Every tag in use, for the tag filter's choices. */
export async function listTags(db: HuixinDb): Promise<string[]> {
  return (await db.conversations.orderBy('tags').uniqueKeys()).map(String).sort();
}
