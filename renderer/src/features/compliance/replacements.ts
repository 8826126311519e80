import type { LocalizedText } from '../../../../shared';

const HAN = /\p{Script=Han}/u;

/**
 * Drop-in replacements offered for a finding. A term's suggestion is advice written for
 * people ("改为"优惠价""活动价"…"); the phrases it quotes are the wording it recommends,
 * so those become one-click replacements. The suggestion in the language of the matched
 * text is used first (a Chinese reply gets Chinese wording), then the other one.
 */
export function replacementCandidates(suggestion: LocalizedText, matchedText: string): string[] {
  const chinese = HAN.test(matchedText);
  const ordered = chinese ? [suggestion['zh-CN'], suggestion.en] : [suggestion.en, suggestion['zh-CN']];
  for (const text of ordered) {
    const quoted = [...text.matchAll(/["“「『]([^"”」』\n]{1,40})["”」』]/g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
    const unique = [...new Set(quoted)];
    if (unique.length > 0) return unique.slice(0, 4);
  }
  return [];
}
