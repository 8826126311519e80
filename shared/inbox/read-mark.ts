import { z } from 'zod';
import { idSchema, isoTimeSchema } from '../domain/entities';

/**
 * How far an agent has read a conversation: `readAt` is the conversation's
 * `lastInboundAt` as it was on their screen. Unread = a buyer wrote after it. Synced in
 * the agent's private stream `user:<userId>` (entity id = the conversation id), so that
 * read state follows the agent to any machine.
 *
 * A mark only moves forward: a stale mark (sent late from a machine that was offline)
 * never makes a thread unread again. Both the server and the client cache apply that rule
 * through `advanceReadMark`.
 */
export const readMarkSchema = z.object({
  /** The conversation id: one mark per conversation in a user's stream. */
  id: idSchema,
  conversationId: idSchema,
  readAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type ReadMark = z.infer<typeof readMarkSchema>;

/** One entry of a conversation.markRead batch. */
export const readMarkInputSchema = z.object({ conversationId: idSchema, readAt: isoTimeSchema });
export type ReadMarkInput = z.infer<typeof readMarkInputSchema>;

/** At most this many marks travel in one mutation (the client batches opening threads quickly). */
export const MAX_READ_MARKS_PER_MUTATION = 200;

/**
 * The mark after proposing `proposed` on top of `current`: the later of the two, compared
 * as instants (ISO strings with different offsets or precision still compare correctly).
 * Returns null when the proposal does not move the mark forward.
 */
export function advanceReadMark(current: string | null | undefined, proposed: string): string | null {
  const next = Date.parse(proposed);
  if (Number.isNaN(next)) return null;
  if (current === null || current === undefined) return proposed;
  const previous = Date.parse(current);
  return Number.isNaN(previous) || next > previous ? proposed : null;
}
