/**
 * Splits a text into plain and marked runs for a highlight layer. Ranges may overlap
 * or come unsorted (findings from several checks); overlapping ranges merge into one
 * run that keeps the most severe kind, so every character is drawn exactly once.
 */

export interface HighlightRange<K extends string> {
  start: number;
  end: number;
  kind: K;
}

export interface Segment<K extends string> {
  text: string;
  /** null for plain text. */
  kind: K | null;
  start: number;
}

export function highlightSegments<K extends string>(text: string, ranges: readonly HighlightRange<K>[], severity: readonly K[]): Segment<K>[] {
  const rank = (kind: K) => severity.indexOf(kind);
  const valid = ranges
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end), kind: r.kind }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);

  const merged: HighlightRange<K>[] = [];
  for (const range of valid) {
    const last = merged[merged.length - 1];
    if (last && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
      if (rank(range.kind) > rank(last.kind)) last.kind = range.kind;
    } else {
      merged.push({ ...range });
    }
  }

  const segments: Segment<K>[] = [];
  let at = 0;
  for (const range of merged) {
    if (range.start > at) segments.push({ text: text.slice(at, range.start), kind: null, start: at });
    segments.push({ text: text.slice(range.start, range.end), kind: range.kind, start: range.start });
    at = range.end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), kind: null, start: at });
  return segments;
}
