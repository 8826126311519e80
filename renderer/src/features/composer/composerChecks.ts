import {
  checkCompliance,
  findPersonalData,
  hasBannedFinding,
  type ComplianceFinding,
  type ComplianceMode,
  type ComplianceTerm,
  type PersonalDataFinding,
} from '../../../../shared';
import type { HighlightKind } from './HighlightedTextarea';
import type { HighlightRange } from './highlightSegments';

/** A `{{…}}` left in the reply (a variable the conversation has no value for, or a typo). */
export interface PlaceholderProblem {
  start: number;
  end: number;
  text: string;
}

/** Placeholders and stray braces: they must never reach the buyer. */
export function findPlaceholders(text: string): PlaceholderProblem[] {
  return [...text.matchAll(/\{\{[^{}\n]{0,60}\}\}|\{\{|\}\}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

export interface ComposerCheck {
  findings: ComplianceFinding[];
  personal: PersonalDataFinding[];
  placeholders: PlaceholderProblem[];
  /** What sending does now: go, ask first (warn), or refuse (block or placeholders). */
  verdict: 'send' | 'confirm' | 'blocked' | 'fixPlaceholders';
}

/**
 * Everything the composer checks before a reply leaves: compliance terms of the store,
 * personal data, and unfilled placeholders. `mode` is the store's compliance mode:
 * `off` skips the terms, `warn` asks before sending any finding, `block` refuses banned
 * terms (risky ones and personal data still only ask).
 */
export function checkReply(text: string, terms: readonly ComplianceTerm[], mode: ComplianceMode): ComposerCheck {
  const findings = mode === 'off' ? [] : checkCompliance(text, terms);
  const personal = findPersonalData(text);
  const placeholders = findPlaceholders(text);
  let verdict: ComposerCheck['verdict'] = 'send';
  if (placeholders.length > 0) verdict = 'fixPlaceholders';
  else if (mode === 'block' && hasBannedFinding(findings)) verdict = 'blocked';
  else if (findings.length > 0 || personal.length > 0) verdict = 'confirm';
  return { findings, personal, placeholders, verdict };
}

export function highlightRanges(check: ComposerCheck): HighlightRange<HighlightKind>[] {
  return [
    ...check.findings.map((f) => ({ start: f.start, end: f.end, kind: f.severity })),
    ...check.personal.map((p) => ({ start: p.start, end: p.end, kind: 'personal' as const })),
    ...check.placeholders.map((p) => ({ start: p.start, end: p.end, kind: 'risky' as const })),
  ];
}
