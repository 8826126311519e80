/** The UI languages and how the first one is chosen; pure so it can be tested. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'huixin.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A remembered choice wins; otherwise any Chinese browser locale gets zh-CN, the rest English. */
export function pickLanguage(remembered: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(remembered)) return remembered;
  for (const tag of browserLanguages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** dayjs names its locales in lower case. */
export function dayjsLocaleOf(language: Language): string {
  return language === 'zh-CN' ? 'zh-cn' : 'en';
}
