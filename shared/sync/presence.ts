import { z } from 'zod';
import { idSchema } from '../domain/entities';

/**
 * Presence: who is online, who has a conversation open and who is typing in it.
 * Ephemeral socket events (docs/protocol.md, "Presence"): never stored, never in the
 * change feed, and lost on reconnect by design — a client re-announces what it views.
 */
export const PresenceEvents = {
  /** client → server: the conversation this socket shows now (null: none). */
  viewing: 'presence:viewing',
  /** client → server: the agent is typing a reply or note in this conversation (repeat while typing). */
  typing: 'presence:typing',
  /** server → client: viewers and typists of one conversation, to sockets that may read its store. */
  update: 'presence:update',
  /** server → client: the team members with at least one connected socket. */
  online: 'presence:online',
} as const;

/** A typing signal expires this long after the last one, unless repeated. */
export const TYPING_TTL_MS = 5_000;

export const presenceViewingSchema = z.object({ conversationId: idSchema.nullable() });
export type PresenceViewing = z.infer<typeof presenceViewingSchema>;

export const presenceTypingSchema = z.object({ conversationId: idSchema });
export type PresenceTyping = z.infer<typeof presenceTypingSchema>;

export const presenceUpdateSchema = z.object({
  conversationId: idSchema,
  /** Users with this conversation open (each once, whatever their number of windows). */
  viewers: z.array(idSchema),
  /** Users who typed in it within the last TYPING_TTL_MS. */
  typing: z.array(idSchema),
});
export type PresenceUpdate = z.infer<typeof presenceUpdateSchema>;

export const presenceOnlineSchema = z.object({ userIds: z.array(idSchema) });
export type PresenceOnline = z.infer<typeof presenceOnlineSchema>;
