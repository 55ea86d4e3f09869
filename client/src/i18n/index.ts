/**
 * i18n setup (i18next + react-i18next): Chinese by default, English on request; the choice is kept in
 * localStorage. Also exports the `Intl` formatters every view uses for numbers.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zh } from './zh.ts';
import { en } from './en.ts';

/** Languages the UI offers, Chinese first. */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Shape of a message catalogue: the Chinese catalogue with its strings widened. */
export type Messages = Widen<typeof zh>;

const STORAGE_KEY = 'gridops.lang';

/** BCP 47 tag used for `<html lang>` and `Intl`. */
export function localeOf(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en-GB';
}

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh'; // storage blocked (privacy mode): fall back to the default
  }
}

/** Initialises i18next synchronously with the bundled catalogues and the stored language. */
export function initI18n(): void {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng,
    fallbackLng: 'zh',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  document.documentElement.lang = localeOf(lng);
}

/** Switches the UI language and remembers it. */
export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the switch still applies to this page
  }
  document.documentElement.lang = localeOf(lang);
  void i18next.changeLanguage(lang);
}

/** The current UI language. */
export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh';
}

/** Formats a number for the current language; `maximumFractionDigits` defaults to 0. */
export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(localeOf(currentLanguage()), { maximumFractionDigits }).format(value);
}
