import { z } from 'zod';
import { idSchema } from '../domain/entities';
import { foldTerm, foldText } from '../text/fold';
import { complianceSeveritySchema, type ComplianceSeverity, type ComplianceTerm, type LocalizedText } from './terms';

export interface ComplianceFinding {
  /** UTF-16 offsets into the ORIGINAL text, for highlighting. */
  start: number;
  end: number;
  /** The original text between start and end (may contain the spaces or dots of an evasion). */
  matchedText: string;
  termId: string;
  term: string;
  severity: ComplianceSeverity;
  reason: LocalizedText;
  suggestion: LocalizedText;
}

/** A finding as the client reports it when sending anyway (message.send complianceOverride). */
export const reportedFindingSchema = z.object({
  termId: idSchema,
  term: z.string().max(100),
  severity: complianceSeveritySchema,
  matchedText: z.string().max(200),
});
export type ReportedFinding = z.infer<typeof reportedFindingSchema>;

export function toReportedFinding(finding: ComplianceFinding): ReportedFinding {
  return { termId: finding.termId, term: finding.term, severity: finding.severity, matchedText: finding.matchedText.slice(0, 200) };
}

const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{Nd}]/u;

/**
 * A term that starts (ends) with a Latin letter or digit matches only at a word edge in
 * the original text: `TOP1` is not in `TOP10`, `100%` is not in `2100%`.
 */
function atWordEdges(text: string, start: number, end: number, folded: string): boolean {
  const first = folded.at(0) ?? '';
  const last = folded.at(-1) ?? '';
  if (LATIN_OR_DIGIT.test(first) && LATIN_OR_DIGIT.test(text.slice(Math.max(0, start - 1), start).normalize('NFKC'))) return false;
  if (LATIN_OR_DIGIT.test(last) && LATIN_OR_DIGIT.test(text.slice(end, end + 1).normalize('NFKC'))) return false;
  return true;
}

/**
 * Finds every compliance term in `text`. Matching runs on the folded text (width, case,
 * traditional → simplified, separators dropped: see shared/text/fold.ts) and reports
 * offsets into the original. When matches overlap, the longer term wins, then the
 * banned one: `全网最低价` is reported once, not also as `最低`. Deleted terms are ignored.
 */
export function checkCompliance(text: string, terms: readonly ComplianceTerm[]): ComplianceFinding[] {
  const folded = foldText(text, { dropSeparators: true });
  const candidates: Array<ComplianceFinding & { foldedLength: number }> = [];
  for (const term of terms) {
    if (term.deletedAt !== null) continue;
    const needle = foldTerm(term.term);
    if (needle.length === 0) continue;
    for (let at = folded.text.indexOf(needle); at !== -1; at = folded.text.indexOf(needle, at + 1)) {
      const start = folded.sourceStart[at] ?? 0;
      const end = folded.sourceEnd[at + needle.length - 1] ?? start;
      if (!atWordEdges(text, start, end, needle)) continue;
      candidates.push({
        start,
        end,
        matchedText: text.slice(start, end),
        termId: term.id,
        term: term.term,
        severity: term.severity,
        reason: term.reason,
        suggestion: term.suggestion,
        foldedLength: needle.length,
      });
    }
  }
  candidates.sort(
    (a, b) => b.foldedLength - a.foldedLength || (a.severity === b.severity ? 0 : a.severity === 'banned' ? -1 : 1) || a.start - b.start,
  );
  const accepted: ComplianceFinding[] = [];
  for (const { foldedLength: _length, ...candidate } of candidates) {
    if (accepted.some((kept) => candidate.start < kept.end && kept.start < candidate.end)) continue;
    accepted.push(candidate);
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/** True when the findings contain a term that the `block` mode stops. */
export function hasBannedFinding(findings: readonly { severity: ComplianceSeverity }[]): boolean {
  return findings.some((finding) => finding.severity === 'banned');
}
