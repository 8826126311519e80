import { z } from 'zod';
import { CONVERSATION_KINDS, CONVERSATION_STATUSES, PRIORITIES, idSchema } from '../domain/entities';
import { PLATFORMS } from '../domain/platforms';

/**
 * An inbox filter: plain data, so that a saved view is just a name plus a filter and the
 * same schema checks it in the inbox, in the outbox and on the server. The renderer
 * matches it against the cache (renderer/src/db/inboxViews.ts).
 */
export const INBOX_SORTS = ['latest', 'waitingLongest'] as const;
export const inboxSortSchema = z.enum(INBOX_SORTS);
export type InboxSort = z.infer<typeof inboxSortSchema>;

/** Bounds only keep a hostile client from storing megabytes in a view; the UI stays far below. */
const MAX_CHOICES = 50;

/** What a view narrows by (everything but the order). `me` = the signed-in agent, `none` = unassigned, else a user id. */
export const inboxCriteriaSchema = z.object({
  statuses: z.array(z.enum(CONVERSATION_STATUSES)).max(MAX_CHOICES).default([]),
  platforms: z.array(z.enum(PLATFORMS)).max(MAX_CHOICES).default([]),
  storeIds: z.array(idSchema).max(MAX_CHOICES).default([]),
  kinds: z.array(z.enum(CONVERSATION_KINDS)).max(MAX_CHOICES).default([]),
  assignee: z.union([z.literal('any'), z.literal('me'), z.literal('none'), idSchema]).default('any'),
  tags: z.array(z.string().min(1).max(64)).max(MAX_CHOICES).default([]),
  priorities: z.array(z.enum(PRIORITIES)).max(MAX_CHOICES).default([]),
});
export type InboxCriteria = z.infer<typeof inboxCriteriaSchema>;

/** The whole filter the inbox applies: criteria plus the order. */
export const inboxFilterSchema = inboxCriteriaSchema.extend({ sort: inboxSortSchema.default('latest') });
export type InboxFilter = z.infer<typeof inboxFilterSchema>;

export const EMPTY_FILTER: InboxFilter = inboxFilterSchema.parse({});

/** Splits a filter into what a saved view stores: criteria and sort. */
export function criteriaOf(filter: InboxFilter): InboxCriteria {
  const { sort: _sort, ...criteria } = filter;
  return criteria;
}
