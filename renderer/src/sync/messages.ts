import { z } from 'zod';
import { conflictDetailSchema, idSchema, presenceUpdateSchema, revocationReasonSchema } from '../../../shared';

/**
 * The typed conversation between the UI thread and the sync worker. Both sides parse
 * what they receive with these schemas (postMessage is a boundary like any other).
 */

export const CONNECTION_STATES = ['connecting', 'online', 'offline', 'unauthorized'] as const;
export const connectionStateSchema = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const toWorkerSchema = z.discriminatedUnion('type', [
  /** Open the cache `dbName`, read the session there, and connect. */
  z.object({ type: z.literal('start'), dbName: z.string().min(1).max(200) }),
  /** The outbox changed (new action, retry): send what is queued now. */
  z.object({ type: z.literal('outbox-changed') }),
  /** Disconnect and stay disconnected (sign-out). */
  z.object({ type: z.literal('stop') }),
  /** The conversation on screen now (null: none); announced to the team, again after every reconnect. */
  z.object({ type: z.literal('viewing'), conversationId: idSchema.nullable() }),
  /** The agent typed in this conversation's composer (the UI throttles it). */
  z.object({ type: z.literal('typing'), conversationId: idSchema }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const syncProgressSchema = z.object({
  /** True while catching up with the server after (re)connecting or after a gap. */
  syncing: z.boolean(),
  /** Changes applied in the current catch-up, and how many the server said were waiting. */
  applied: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('connection'),
    state: connectionStateSchema,
    /** Why, for offline: the transport's reason (shown in a tooltip, not parsed). */
    detail: z.string().max(500).nullable(),
  }),
  z.object({ type: z.literal('progress'), progress: syncProgressSchema }),
  /** The account was removed or disabled: the cache is already wiped; show the login screen with the reason. */
  z.object({ type: z.literal('revoked'), reason: revocationReasonSchema }),
  /** Something the agent should know about, e.g. the server rejected a mutation. */
  z.object({ type: z.literal('problem'), message: z.string().max(1000) }),
  /** Someone else changed the status/assignee first: the agent's change was dropped from the outbox. */
  z.object({ type: z.literal('conflict'), conversationId: idSchema, conflict: conflictDetailSchema }),
  /** Who views and types in one conversation (ephemeral, from the server). */
  z.object({ type: z.literal('presence'), update: presenceUpdateSchema }),
  /** Who of the team is online (ephemeral, from the server). */
  z.object({ type: z.literal('online'), userIds: z.array(idSchema) }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
