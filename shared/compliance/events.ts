import { z } from 'zod';
import { idSchema, isoTimeSchema } from '../domain/entities';
import { reportedFindingSchema } from './check';
import { complianceModeSchema } from './terms';

/** One recorded block or override, as `GET /api/compliance/events` answers it (leads and owners). */
export const complianceEventSchema = z.object({
  id: z.string(),
  kind: z.enum(['blocked', 'override']),
  mode: complianceModeSchema,
  userId: idSchema,
  /** Null when the account is gone. */
  userName: z.string().nullable(),
  storeId: idSchema,
  conversationId: idSchema,
  messageId: idSchema,
  body: z.string(),
  findings: z.array(reportedFindingSchema),
  /** The lead's reason for an override; null for a block. */
  reason: z.string().nullable(),
  createdAt: isoTimeSchema,
});
export type ComplianceEvent = z.infer<typeof complianceEventSchema>;

export const complianceEventListSchema = z.object({ events: z.array(complianceEventSchema) });
