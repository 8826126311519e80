import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { LANGUAGE_STORAGE_KEY, dayjsLocaleOf, isLanguage, pickLanguage, type Language } from './language';

dayjs.extend(relativeTime);

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

function rememberedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Starts i18next with the remembered or browser language; call once before rendering. */
export async function initI18n(): Promise<typeof i18next> {
  const language = pickLanguage(rememberedLanguage(), navigator.languages ?? [navigator.language]);
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    // React escapes text itself; escaping here would show &lt; in buyer names.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(language);
  return i18next;
}

function applyLanguage(language: Language): void {
  dayjs.locale(dayjsLocaleOf(language));
  document.documentElement.lang = language;
}

/** Switches the UI language and remembers the choice. */
export async function changeLanguage(language: string): Promise<void> {
  if (!isLanguage(language)) return;
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, still switched.
  }
  applyLanguage(language);
  await i18next.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}
