import {
  DEFAULT_COMPLIANCE_TERMS,
  complianceTermSchema,
  defaultStoreSettings,
  effectiveComplianceTerms,
  storeSettingsSchema,
  type ComplianceMode,
  type ComplianceTerm,
  type Platform,
  type StoreSettings,
} from '../../shared';
import type { Queryable } from '../storage/database';

export interface ComplianceTermRow {
  id: string;
  term: string;
  reason: unknown;
  suggestion: unknown;
  severity: string;
  platform: string | null;
  store_id: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const toComplianceTerm = (row: ComplianceTermRow): ComplianceTerm =>
  complianceTermSchema.parse({
    id: row.id,
    term: row.term,
    reason: row.reason,
    suggestion: row.suggestion,
    severity: row.severity,
    platform: row.platform,
    storeId: row.store_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  });

export interface StoreSettingsRow {
  store_id: string;
  compliance_mode: ComplianceMode;
  updated_at: Date;
}

export const toStoreSettings = (row: StoreSettingsRow): StoreSettings =>
  storeSettingsSchema.parse({ id: row.store_id, storeId: row.store_id, complianceMode: row.compliance_mode, updatedAt: row.updated_at.toISOString() });

export async function readStoreSettings(db: Queryable, storeId: string): Promise<StoreSettings> {
  const [row] = await db.query<StoreSettingsRow>('SELECT * FROM store_settings WHERE store_id = $1', [storeId]);
  return row ? toStoreSettings(row) : defaultStoreSettings(storeId);
}

/** The terms in force for one store: defaults, team-wide overrides and custom terms, the store's own. */
export async function effectiveTermsForStore(db: Queryable, store: { id: string; platform: Platform }): Promise<ComplianceTerm[]> {
  // Tombstones are read too: a deleted row with a default's id switches that default off.
  const rows = await db.query<ComplianceTermRow>('SELECT * FROM compliance_terms WHERE store_id IS NULL OR store_id = $1', [store.id]);
  return effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, rows.map(toComplianceTerm), store);
}
