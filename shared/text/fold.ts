import { Converter } from 'opencc-js/t2cn';

/**
 * Text folding for matching (compliance terms, template search): every character of the
 * original text is mapped to a canonical form, and each folded character remembers which
 * original characters it came from, so that a match in the folded text can be
 * highlighted in the original.
 *
 * Folding, per code point:
 * 1. NFKC: full-width ↔ half-width (`ＮＯ．１` → `NO.1`, `１００％` → `100%`), compatibility
 *    forms (`①` → `1`);
 * 2. lower case (Latin, Greek, Cyrillic …);
 * 3. traditional → simplified Chinese, character by character, with OpenCC's
 *    (opencc-js) Taiwan/Hong Kong → mainland table (`國家級` → `国家级`). Character by
 *    character keeps offsets exact; phrase-level conversions are not needed to match
 *    a term list.
 * 4. Optionally, separators are dropped: whitespace, punctuation other than `%`, symbols
 *    and emoji, and invisible format characters (zero-width space, soft hyphen …), so that
 *    `全 网 最 低`, `全-网-最-低`, `全🔥网最低` and `全\u200b网最低` fold like `全网最低`.
 */

const toSimplified = Converter({ from: 'tw', to: 'cn' });
const foldCache = new Map<string, string>();

/** Separators dropped when `dropSeparators` is set. `%` is kept: "100%" is a claim. */
const SEPARATOR = /^(?:[\p{White_Space}\p{Cf}\p{S}]|(?!%)\p{P})+$/u;

function foldCodePoint(char: string): string {
  let folded = foldCache.get(char);
  if (folded === undefined) {
    folded = toSimplified(char.normalize('NFKC').toLowerCase());
    if (foldCache.size < 20_000) foldCache.set(char, folded);
  }
  return folded;
}

export interface FoldedText {
  /** The folded text. */
  text: string;
  /** For each UTF-16 unit of `text`: the [start, end) of the original code point it came from. */
  sourceStart: number[];
  sourceEnd: number[];
}

export function foldText(original: string, options: { dropSeparators: boolean }): FoldedText {
  let text = '';
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let offset = 0;
  for (const char of original) {
    const start = offset;
    offset += char.length;
    const folded = foldCodePoint(char);
    if (options.dropSeparators && SEPARATOR.test(folded)) continue;
    for (let i = 0; i < folded.length; i++) {
      sourceStart.push(start);
      sourceEnd.push(offset);
    }
    text += folded;
  }
  return { text, sourceStart, sourceEnd };
}

/** The folded form of a search term or compliance term (separators dropped). */
export function foldTerm(term: string): string {
  return foldText(term, { dropSeparators: true }).text;
}
