import {
  complianceTermContentSchema,
  effectiveComplianceTerms,
  foldTerm,
  type ComplianceSeverity,
  type ComplianceTerm,
  type ComplianceTermContent,
  type Platform,
} from '../../../../shared';

/**
 * The owner's view of the compliance term list: which terms are in force (built-in,
 * built-in but changed by the team, or the team's own), which built-ins are switched
 * off, and the step from the editor's form to a valid term.
 */
export type TermOrigin = 'builtIn' | 'builtInChanged' | 'custom';

export interface TermRow {
  term: ComplianceTerm;
  origin: TermOrigin;
}

export interface TermList {
  /** Terms in force for the chosen store (or, with no store, every term in force anywhere). */
  active: TermRow[];
  /** Built-in terms the team switched off (tombstones with a default's id). */
  switchedOff: ComplianceTerm[];
}

const BY_TERM = (a: TermRow, b: TermRow) => a.term.term.localeCompare(b.term.term, 'zh-CN');

export function listComplianceTerms(
  defaults: readonly ComplianceTerm[],
  custom: readonly ComplianceTerm[],
  store: { id: string; platform: Platform } | null,
): TermList {
  const defaultIds = new Set(defaults.map((t) => t.id));
  const changedIds = new Set(custom.filter((t) => defaultIds.has(t.id)).map((t) => t.id));
  const merged = new Map<string, ComplianceTerm>();
  for (const term of [...defaults, ...custom]) merged.set(term.id, term);
  const inForce = store ? effectiveComplianceTerms(defaults, custom, store) : [...merged.values()].filter((t) => t.deletedAt === null);
  const active = inForce
    .map((term): TermRow => ({ term, origin: !defaultIds.has(term.id) ? 'custom' : changedIds.has(term.id) ? 'builtInChanged' : 'builtIn' }))
    .sort(BY_TERM);
  const switchedOff = custom.filter((t) => defaultIds.has(t.id) && t.deletedAt !== null).sort((a, b) => a.term.localeCompare(b.term, 'zh-CN'));
  return { active, switchedOff };
}

/** Where a term applies: every store, one platform, or one store. */
export type TermTarget = { kind: 'all' } | { kind: 'platform'; platform: Platform } | { kind: 'store'; storeId: string };

export function targetOf(term: Pick<ComplianceTermContent, 'platform' | 'storeId'>): TermTarget {
  if (term.storeId !== null) return { kind: 'store', storeId: term.storeId };
  if (term.platform !== null) return { kind: 'platform', platform: term.platform };
  return { kind: 'all' };
}

/** The editor's form, as its inputs hold it. */
export interface TermDraft {
  term: string;
  severity: ComplianceSeverity;
  target: TermTarget;
  reasonZh: string;
  reasonEn: string;
  suggestionZh: string;
  suggestionEn: string;
}

export function emptyTermDraft(): TermDraft {
  return { term: '', severity: 'banned', target: { kind: 'all' }, reasonZh: '', reasonEn: '', suggestionZh: '', suggestionEn: '' };
}

export function draftFromTerm(term: ComplianceTerm): TermDraft {
  return {
    term: term.term,
    severity: term.severity,
    target: targetOf(term),
    reasonZh: term.reason['zh-CN'],
    reasonEn: term.reason.en,
    suggestionZh: term.suggestion['zh-CN'],
    suggestionEn: term.suggestion.en,
  };
}

export type TermDraftProblem = 'termEmpty' | 'termNoLetters' | 'reasonMissing' | 'suggestionMissing' | 'storeMissing' | 'tooLong';

/** A valid term or the problems to show. A store term needs no platform: the store has one. */
export function termFromDraft(draft: TermDraft): { ok: true; term: ComplianceTermContent } | { ok: false; problems: TermDraftProblem[] } {
  const problems: TermDraftProblem[] = [];
  const text = draft.term.trim();
  if (text.length === 0) problems.push('termEmpty');
  else if (foldTerm(text).length === 0) problems.push('termNoLetters');
  if (!draft.reasonZh.trim() && !draft.reasonEn.trim()) problems.push('reasonMissing');
  if (!draft.suggestionZh.trim() && !draft.suggestionEn.trim()) problems.push('suggestionMissing');
  const storeId = draft.target.kind === 'store' ? draft.target.storeId : null;
  const platform = draft.target.kind === 'platform' ? draft.target.platform : null;
  if (storeId === '') problems.push('storeMissing');
  if (problems.length > 0) return { ok: false, problems };
  const parsed = complianceTermContentSchema.safeParse({
    term: text,
    severity: draft.severity,
    platform,
    storeId,
    reason: { 'zh-CN': draft.reasonZh.trim(), en: draft.reasonEn.trim() },
    suggestion: { 'zh-CN': draft.suggestionZh.trim(), en: draft.suggestionEn.trim() },
  });
  return parsed.success ? { ok: true, term: parsed.data } : { ok: false, problems: ['tooLong'] };
}
