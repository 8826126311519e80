import { z } from 'zod';
import { revocationReasonSchema } from '../../../shared';

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
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
