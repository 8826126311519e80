import { z } from 'zod';
import { idSchema, isoTimeSchema } from '../domain/entities';
import { inboxCriteriaSchema, inboxSortSchema } from './filter';

/**
 * A saved inbox view: the agent's own named filter, synced in their private stream
 * `user:<ownerId>` so that it follows them to any machine. Only the owner reads or
 * writes it. Deletes are tombstones (`deletedAt`) so that every cache learns about them.
 */
export const SAVED_VIEW_NAME_MAX = 60;
export const SAVED_VIEW_POSITION_MAX = 100_000;

/** What the agent writes (savedView.save): everything else is bookkeeping. */
export const savedViewContentSchema = z.object({
  name: z.string().trim().min(1, 'a saved view needs a name').max(SAVED_VIEW_NAME_MAX),
  filter: inboxCriteriaSchema,
  sort: inboxSortSchema,
  /** Order among the owner's views, smallest first. */
  position: z.number().int().min(0).max(SAVED_VIEW_POSITION_MAX),
});
export type SavedViewContent = z.infer<typeof savedViewContentSchema>;

export const savedViewSchema = savedViewContentSchema.extend({
  id: idSchema,
  ownerId: idSchema,
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  deletedAt: isoTimeSchema.nullable(),
});
export type SavedView = z.infer<typeof savedViewSchema>;
