import { foldText } from '../text/fold';
import type { QuickReply, TemplateLanguage } from './quick-reply';

/**
 * The buyer's language from what they wrote: Chinese when Han characters carry the
 * text, English when Latin letters do, null when neither (emoji, numbers, other
 * scripts). A Chinese word is about two characters and an English one about five, so
 * one Han character counts as much as three Latin letters: "iPhone 15 什么时候发货" is
 * Chinese, "Is the 红色 one in stock?" is English.
 */
export function detectLanguage(text: string): TemplateLanguage | null {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (han === 0 && latin === 0) return null;
  return han * 3 >= latin ? 'zh-CN' : 'en';
}

export interface RankOptions {
  /** Language of the buyer's latest message (detectLanguage); its variants come first within a tier. */
  buyerLanguage: TemplateLanguage | null;
}

/** Folded for search: width, case and traditional characters, spaces kept. */
const fold = (text: string): string => foldText(text, { dropSeparators: false }).text;

/**
 * Orders templates for the `/` picker. Tiers, best first:
 *  0. the shortcut starts with the query,
 *  1. the shortcut contains it,
 *  2. the title starts with the query,
 *  3. the title contains every word of the query,
 *  4. the body (or title) contains every word of the query.
 * Templates in no tier are left out; deleted ones always. Matching is on folded text
 * and by substring, so Chinese matches at any position (no word boundaries needed) and
 * traditional or full-width input finds simplified templates. Within a tier the buyer's
 * language comes first, then the shorter shortcut, then the title.
 * A leading `/` in the query is ignored; an empty query lists everything.
 */
export function rankTemplates(templates: readonly QuickReply[], query: string, options: RankOptions): QuickReply[] {
  const wanted = fold(query.replace(/^\//, '').trim());
  const words = wanted.split(/\s+/).filter((word) => word.length > 0);
  const compact = words.join('');
  const tierOf = (template: QuickReply): number | null => {
    if (compact.length === 0) return 0;
    const shortcut = fold(template.shortcut);
    if (shortcut.startsWith(compact)) return 0;
    if (shortcut.includes(compact)) return 1;
    const title = fold(template.title);
    if (title.startsWith(wanted)) return 2;
    if (words.every((word) => title.includes(word))) return 3;
    const body = fold(template.body);
    if (words.every((word) => body.includes(word) || title.includes(word))) return 4;
    return null;
  };
  const ranked: Array<{ template: QuickReply; tier: number }> = [];
  for (const template of templates) {
    if (template.deletedAt !== null) continue;
    const tier = tierOf(template);
    if (tier !== null) ranked.push({ template, tier });
  }
  const languageRank = (template: QuickReply) =>
    options.buyerLanguage === null || template.language === options.buyerLanguage ? 0 : 1;
  ranked.sort(
    (a, b) =>
      a.tier - b.tier ||
      languageRank(a.template) - languageRank(b.template) ||
      a.template.shortcut.length - b.template.shortcut.length ||
      a.template.title.localeCompare(b.template.title, 'zh-CN'),
  );
  return ranked.map((entry) => entry.template);
}
