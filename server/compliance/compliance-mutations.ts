import { DEFAULT_COMPLIANCE_TERMS, TEAM_STREAM, storeStream, type MutationPayload, type User } from '../../shared';
import type { FeedTransaction } from '../sync/change-feed';
import { toComplianceTerm, toStoreSettings, type ComplianceTermRow, type StoreSettingsRow } from './compliance-store';

type Outcome = { status: 'applied' } | { status: 'rejected'; code: string; message: string };
const reject = (code: string, message: string): Outcome => ({ status: 'rejected', code, message });

export type ComplianceMutation = Extract<
  MutationPayload,
  { type: 'complianceTerm.upsert' | 'complianceTerm.delete' | 'storeSettings.update' }
>;

const termStream = (storeId: string | null) => (storeId === null ? TEAM_STREAM : storeStream(storeId));

async function appendTerm(feed: FeedTransaction, row: ComplianceTermRow): Promise<void> {
  const term = toComplianceTerm(row);
  await feed.append(termStream(term.storeId), [{ entity: 'complianceTerm', data: term }]);
}

async function storeExists(feed: FeedTransaction, storeId: string): Promise<boolean> {
  return (await feed.tx.query('SELECT 1 FROM stores WHERE id = $1', [storeId])).length > 0;
}

/**
 * Owners maintain the term list and each store's compliance mode. A term keeps its store
 * for life (it syncs in that store's stream). An override of a built-in default
 * (`default:…` id) is team-wide; deleting a default writes a tombstone that switches it off.
 */
export async function applyComplianceMutation(feed: FeedTransaction, user: User, payload: ComplianceMutation): Promise<Outcome> {
  if (user.role !== 'owner') return reject('forbidden', 'Only owners change compliance terms and store compliance settings');

  if (payload.type === 'storeSettings.update') {
    if (!(await storeExists(feed, payload.storeId))) return reject('not_found', `No store ${payload.storeId}`);
    const [row] = await feed.tx.query<StoreSettingsRow>(
      `INSERT INTO store_settings (store_id, compliance_mode) VALUES ($1, $2)
       ON CONFLICT (store_id) DO UPDATE SET compliance_mode = EXCLUDED.compliance_mode, updated_at = now()
       RETURNING *`,
      [payload.storeId, payload.complianceMode],
    );
    if (!row) throw new Error('store settings were not saved');
    await feed.append(storeStream(payload.storeId), [{ entity: 'storeSettings', data: toStoreSettings(row) }]);
    return { status: 'applied' };
  }

  const [existing] = await feed.tx.query<ComplianceTermRow>('SELECT * FROM compliance_terms WHERE id = $1 FOR UPDATE', [payload.termId]);
  const builtIn = DEFAULT_COMPLIANCE_TERMS.find((term) => term.id === payload.termId);

  if (payload.type === 'complianceTerm.delete') {
    if (existing) {
      if (existing.deleted_at) return reject('not_found', `No term ${payload.termId}`);
      const [row] = await feed.tx.query<ComplianceTermRow>(
        'UPDATE compliance_terms SET deleted_at = now(), updated_at = now() WHERE id = $1 RETURNING *',
        [payload.termId],
      );
      if (row) await appendTerm(feed, row);
      return { status: 'applied' };
    }
    if (!builtIn) return reject('not_found', `No term ${payload.termId}`);
    const [row] = await feed.tx.query<ComplianceTermRow>(
      `INSERT INTO compliance_terms (id, term, reason, suggestion, severity, platform, store_id, deleted_at)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, NULL, now()) RETURNING *`,
      [builtIn.id, builtIn.term, JSON.stringify(builtIn.reason), JSON.stringify(builtIn.suggestion), builtIn.severity, builtIn.platform],
    );
    if (row) await appendTerm(feed, row);
    return { status: 'applied' };
  }

  const term = payload.term;
  if (builtIn && term.storeId !== null) return reject('bad_request', 'A built-in term is overridden team-wide; add a store term with a new id instead');
  if (existing && existing.store_id !== term.storeId) return reject('bad_request', 'A term keeps its store; add a new term instead');
  if (term.storeId !== null && !(await storeExists(feed, term.storeId))) return reject('not_found', `No store ${term.storeId}`);
  const [row] = await feed.tx.query<ComplianceTermRow>(
    `INSERT INTO compliance_terms (id, term, reason, suggestion, severity, platform, store_id)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET term = EXCLUDED.term, reason = EXCLUDED.reason, suggestion = EXCLUDED.suggestion,
       severity = EXCLUDED.severity, platform = EXCLUDED.platform, deleted_at = NULL, updated_at = now()
     RETURNING *`,
    [payload.termId, term.term, JSON.stringify(term.reason), JSON.stringify(term.suggestion), term.severity, term.platform, term.storeId],
  );
  if (!row) throw new Error('term was not saved');
  await appendTerm(feed, row);
  return { status: 'applied' };
}
