import { z } from 'zod';
import { idSchema, isoTimeSchema } from '../domain/entities';
import { platformSchema, type Platform } from '../domain/platforms';

/** A text in both UI languages; the UI shows the agent's language and falls back to the other. */
export const localizedTextSchema = z
  .object({ 'zh-CN': z.string().trim().max(500), en: z.string().trim().max(500) })
  .refine((text) => text['zh-CN'].length > 0 || text.en.length > 0, 'write it in at least one language');
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export function pickLocalized(text: LocalizedText, locale: string): string {
  const preferred = locale.toLowerCase().startsWith('zh') ? text['zh-CN'] : text.en;
  return preferred.length > 0 ? preferred : text['zh-CN'] || text.en;
}

/** `banned`: blocked when the store's compliance mode is `block`. `risky`: only ever a warning. */
export const COMPLIANCE_SEVERITIES = ['banned', 'risky'] as const;
export const complianceSeveritySchema = z.enum(COMPLIANCE_SEVERITIES);
export type ComplianceSeverity = z.infer<typeof complianceSeveritySchema>;

/** What an owner writes for a term. */
export const complianceTermContentSchema = z.object({
  /** Matched after folding (see shared/text/fold.ts); must keep at least one letter, digit or `%` once folded. */
  term: z.string().trim().min(1).max(100),
  reason: localizedTextSchema,
  suggestion: localizedTextSchema,
  severity: complianceSeveritySchema,
  /** Only for stores on this platform; null for every platform. */
  platform: platformSchema.nullable(),
  /** Only for this store; null for every store. */
  storeId: idSchema.nullable(),
});
export type ComplianceTermContent = z.infer<typeof complianceTermContentSchema>;

/**
 * A compliance term. Terms with a storeId sync in `store:<id>`, the rest in `team`.
 * A term whose id is a default's id (`default:…`) overrides that default team-wide;
 * a tombstone (`deletedAt`) with a default's id switches the default off.
 */
export const complianceTermSchema = complianceTermContentSchema.extend({
  id: idSchema,
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  deletedAt: isoTimeSchema.nullable(),
});
export type ComplianceTerm = z.infer<typeof complianceTermSchema>;

/** Per-store send policy for compliance findings. */
export const COMPLIANCE_MODES = ['off', 'warn', 'block'] as const;
export const complianceModeSchema = z.enum(COMPLIANCE_MODES);
export type ComplianceMode = z.infer<typeof complianceModeSchema>;
export const DEFAULT_COMPLIANCE_MODE: ComplianceMode = 'warn';

/** Settings of one store; `id` equals `storeId` (one row per store, synced in `store:<id>`). */
export const storeSettingsSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  complianceMode: complianceModeSchema,
  updatedAt: isoTimeSchema,
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

/** The settings a store has before an owner changes anything. */
export function defaultStoreSettings(storeId: string): StoreSettings {
  return { id: storeId, storeId, complianceMode: DEFAULT_COMPLIANCE_MODE, updatedAt: new Date(0).toISOString() };
}

/**
 * The terms that apply to one store: the defaults, overridden or switched off by
 * custom terms with the same id, plus custom terms; then only those for the store's
 * platform (or every platform) and the store (or every store).
 */
export function effectiveComplianceTerms(
  defaults: readonly ComplianceTerm[],
  custom: readonly ComplianceTerm[],
  store: { id: string; platform: Platform },
): ComplianceTerm[] {
  const byId = new Map<string, ComplianceTerm>();
  for (const term of defaults) byId.set(term.id, term);
  for (const term of custom) byId.set(term.id, term);
  return [...byId.values()].filter(
    (term) =>
      term.deletedAt === null &&
      (term.platform === null || term.platform === store.platform) &&
      (term.storeId === null || term.storeId === store.id),
  );
}
