import {
  DEFAULT_COMPLIANCE_TERMS,
  defaultStoreSettings,
  effectiveComplianceTerms,
  type ComplianceMode,
  type ComplianceTerm,
  type ComplianceTermContent,
  type NewQuickReply,
  type QuickReply,
  type Store,
  type StoreSettings,
} from '../../../shared';
import type { HuixinDb } from './database';
import { newUuid } from './ids';
import { enqueueMutation } from './outbox';
import type { OutboxRow } from './schema';

/**
 * Quick replies, compliance terms and store settings: read models that lay the agent's
 * own not-yet-confirmed edits (outbox) over the synced snapshots, and the actions that
 * queue those edits. Like replies, every edit goes to the outbox first: offline-safe.
 */

/* ------------------------------------------------------------------ actions */

/** Queues a create (templateId null) or an edit. Returns the template's id. */
export async function saveTemplate(db: HuixinDb, templateId: string | null, template: NewQuickReply): Promise<string> {
  const id = templateId ?? newUuid();
  await enqueueMutation(db, { type: 'template.upsert', templateId: id, template });
  return id;
}

export async function deleteTemplate(db: HuixinDb, templateId: string): Promise<void> {
  await enqueueMutation(db, { type: 'template.delete', templateId });
}

export async function saveComplianceTerm(db: HuixinDb, termId: string | null, term: ComplianceTermContent): Promise<string> {
  const id = termId ?? newUuid();
  await enqueueMutation(db, { type: 'complianceTerm.upsert', termId: id, term });
  return id;
}

export async function deleteComplianceTerm(db: HuixinDb, termId: string): Promise<void> {
  await enqueueMutation(db, { type: 'complianceTerm.delete', termId });
}

export async function setComplianceMode(db: HuixinDb, storeId: string, complianceMode: ComplianceMode): Promise<void> {
  await enqueueMutation(db, { type: 'storeSettings.update', storeId, complianceMode });
}

/* ------------------------------------------------------------------ overlays */

function pending(rows: readonly OutboxRow[]): OutboxRow[] {
  return rows.filter((row) => row.state !== 'failed').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * Templates as the agent sees them: synced snapshots plus their own queued upserts and
 * deletes, in queue order. A queued upsert of an unknown id shows as a new template.
 */
export function overlayTemplates(templates: readonly QuickReply[], outbox: readonly OutboxRow[], ownerId: string, now: string): QuickReply[] {
  const byId = new Map(templates.map((t) => [t.id, t]));
  for (const row of pending(outbox)) {
    const payload = row.mutation.payload;
    if (payload.type === 'template.upsert') {
      const existing = byId.get(payload.templateId);
      byId.set(payload.templateId, {
        ...payload.template,
        id: payload.templateId,
        ownerId: payload.template.scope === 'personal' ? (existing?.ownerId ?? ownerId) : null,
        createdAt: existing?.createdAt ?? row.mutation.createdAt,
        updatedAt: row.mutation.createdAt,
        deletedAt: null,
      });
    } else if (payload.type === 'template.delete') {
      const existing = byId.get(payload.templateId);
      if (existing) byId.set(payload.templateId, { ...existing, deletedAt: now });
    }
  }
  return [...byId.values()];
}

export function overlayTerms(terms: readonly ComplianceTerm[], outbox: readonly OutboxRow[], now: string): ComplianceTerm[] {
  const byId = new Map(terms.map((t) => [t.id, t]));
  const defaults = new Map(DEFAULT_COMPLIANCE_TERMS.map((t) => [t.id, t]));
  for (const row of pending(outbox)) {
    const payload = row.mutation.payload;
    if (payload.type === 'complianceTerm.upsert') {
      const existing = byId.get(payload.termId) ?? defaults.get(payload.termId);
      byId.set(payload.termId, {
        ...payload.term,
        id: payload.termId,
        createdAt: existing?.createdAt ?? row.mutation.createdAt,
        updatedAt: row.mutation.createdAt,
        deletedAt: null,
      });
    } else if (payload.type === 'complianceTerm.delete') {
      const existing = byId.get(payload.termId) ?? defaults.get(payload.termId);
      if (existing) byId.set(payload.termId, { ...existing, deletedAt: now });
    }
  }
  return [...byId.values()];
}

export function overlayStoreSettings(settings: readonly StoreSettings[], outbox: readonly OutboxRow[]): Map<string, StoreSettings> {
  const byStore = new Map(settings.map((s) => [s.storeId, s]));
  for (const row of pending(outbox)) {
    const payload = row.mutation.payload;
    if (payload.type !== 'storeSettings.update') continue;
    const existing = byStore.get(payload.storeId) ?? defaultStoreSettings(payload.storeId);
    byStore.set(payload.storeId, { ...existing, complianceMode: payload.complianceMode, updatedAt: row.mutation.createdAt });
  }
  return byStore;
}

/* ------------------------------------------------------------------ read models */

const noConversation = (db: HuixinDb) => db.outbox.filter((row) => row.conversationId === null).toArray();

/**
 * Every template this user can use (not deleted): their personal ones, the team's, and
 * those of stores they can see. The server only syncs what a user may read; the filter
 * on the owner also hides another user's personal templates left in a shared cache.
 */
export async function loadTemplates(db: HuixinDb, userId: string, now = new Date()): Promise<QuickReply[]> {
  const [rows, outbox] = await Promise.all([db.quickReplies.toArray(), noConversation(db)]);
  return overlayTemplates(rows, outbox, userId, now.toISOString()).filter(
    (t) => t.deletedAt === null && (t.scope !== 'personal' || t.ownerId === userId),
  );
}

/** Templates usable in one conversation: personal, team, and that store's. */
export function templatesForStore(templates: readonly QuickReply[], storeId: string): QuickReply[] {
  return templates.filter((t) => t.scope !== 'store' || t.storeId === storeId);
}

/** Custom terms (synced, with queued edits), including tombstones that switch defaults off. */
export async function loadCustomTerms(db: HuixinDb, now = new Date()): Promise<ComplianceTerm[]> {
  const [rows, outbox] = await Promise.all([db.complianceTerms.toArray(), noConversation(db)]);
  return overlayTerms(rows, outbox, now.toISOString());
}

export async function loadStoreSettings(db: HuixinDb): Promise<Map<string, StoreSettings>> {
  const [rows, outbox] = await Promise.all([db.storeSettings.toArray(), noConversation(db)]);
  return overlayStoreSettings(rows, outbox);
}

export interface StoreCompliance {
  mode: ComplianceMode;
  terms: ComplianceTerm[];
}

/** The mode and the effective terms of one store (defaults, overrides, its own terms). */
export async function loadStoreCompliance(db: HuixinDb, store: Pick<Store, 'id' | 'platform'>): Promise<StoreCompliance> {
  const [custom, settings] = await Promise.all([loadCustomTerms(db), loadStoreSettings(db)]);
  return {
    mode: (settings.get(store.id) ?? defaultStoreSettings(store.id)).complianceMode,
    terms: effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, custom, store),
  };
}

/** Terms that apply everywhere (no platform, no store): what the template editor checks by default. */
export async function loadTeamWideTerms(db: HuixinDb): Promise<ComplianceTerm[]> {
  const custom = await loadCustomTerms(db);
  const byId = new Map<string, ComplianceTerm>();
  for (const term of [...DEFAULT_COMPLIANCE_TERMS, ...custom]) byId.set(term.id, term);
  return [...byId.values()].filter((t) => t.deletedAt === null && t.storeId === null && t.platform === null);
}
