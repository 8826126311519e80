import { z } from 'zod';
import { idSchema, isoTimeSchema } from '../domain/entities';
import { buyerContactSchema } from '../privacy/contact';
import { retentionDaysSchema } from './settings';

/**
 * The security HTTP API (server/security/*-routes.ts), all with
 * `Authorization: Bearer <token>`. Errors are `{"error": "..."}` with 400/401/403/404.
 */

/** POST /api/customers/:id/reveal → the unmasked contact (audited). */
export const revealResponseSchema = z.object({
  customerId: idSchema,
  contact: buyerContactSchema,
});
export type RevealResponse = z.infer<typeof revealResponseSchema>;

export const AUDIT_ACTIONS = [
  'contact.reveal',
  'customer.export',
  'customer.erase',
  'user.disable',
  'user.remove',
  'store.revoke',
  'user.add',
  'user.enable',
  'user.reveal',
  'store.grant',
  'settings.retention',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: isoTimeSchema,
  /** Null when done from the admin CLI. */
  actorId: idSchema.nullable(),
  actorName: z.string().max(128),
  action: auditActionSchema,
  storeId: idSchema.nullable(),
  customerId: idSchema.nullable(),
  /** A user or store the action was about (user.disable, store.revoke …). */
  targetId: z.string().max(200).nullable(),
  detail: z.string().max(1000),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** GET /api/audit?limit=&before= (owner only), newest first. */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** An entry id: return entries older than it (paging). */
  before: z.string().regex(/^\d{1,19}$/).optional(),
});
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditList = z.infer<typeof auditListSchema>;

/** PUT /api/settings/retention (owner only). */
export const retentionRequestSchema = z.object({ retentionDays: retentionDaysSchema });

/** GET /api/customers/:id/export (owner only): everything stored about one buyer, saved by the app as a JSON file. */
export const customerExportSchema = z.record(z.string(), z.unknown());

/** DELETE /api/customers/:id (owner only): what the erasure blanked. */
export const customerErasureResponseSchema = z.object({
  ok: z.literal(true),
  customerId: idSchema,
  storeId: idSchema,
  messages: z.number().int().min(0),
  conversations: z.number().int().min(0),
});
export type CustomerErasureResponse = z.infer<typeof customerErasureResponseSchema>;
