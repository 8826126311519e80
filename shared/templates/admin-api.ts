import { z } from 'zod';
import { idSchema, isoTimeSchema } from '../domain/entities';
import { templateScopeSchema } from './quick-reply';

/**
 * Answers of the lead/owner template endpoints (server/templates/template-routes.ts), as
 * the renderer reads them: `GET /api/templates/usage` and `POST /api/templates/import`.
 */

export const templateUsageSchema = z.object({
  templateId: idSchema,
  title: z.string(),
  shortcut: z.string(),
  scope: templateScopeSchema,
  storeId: idSchema.nullable(),
  count: z.number().int().nonnegative(),
  lastUsedAt: isoTimeSchema.nullable(),
  byAgent: z.array(z.object({ userId: idSchema, name: z.string(), count: z.number().int().nonnegative() })),
});
export type TemplateUsage = z.infer<typeof templateUsageSchema>;

export const templateUsageReportSchema = z.object({
  templates: z.array(templateUsageSchema),
  mostUsed: z.array(templateUsageSchema),
  neverUsed: z.array(templateUsageSchema),
});
export type TemplateUsageReport = z.infer<typeof templateUsageReportSchema>;

export const rejectedRowSchema = z.object({ row: z.number().int().nonnegative(), reason: z.string() });

/** 200 (everything written) or 422 (nothing written, every bad row listed). */
export const templateImportReportSchema = z.object({
  imported: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  rejected: z.array(rejectedRowSchema),
  /** On a 422: how many rows were fine (and were not written either). */
  valid: z.number().int().nonnegative().optional(),
});
export type TemplateImportReport = z.infer<typeof templateImportReportSchema>;
