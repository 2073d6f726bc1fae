// The languages Twofold speaks and which way each one writes. No dependencies: the IPC contract
// (and so the sandboxed preload) reads it.

/** English is the source; the others are translations of it, key for key. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'pt-BR', 'it', 'nl', 'pl', 'ja', 'zh-CN', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

/** Accented, 40 % longer English in brackets: shows strings that skip the catalogue, and tight layouts. */
export const PSEUDO_LOCALE = 'en-XA';
export type DisplayLocale = Locale | typeof PSEUDO_LOCALE;

/** Each language's own name for itself: what a person looks for in a language list. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  it: 'Italiano',
  nl: 'Nederlands',
  pl: 'Polski',
  ja: '日本語',
  'zh-CN': '简体中文',
  ar: 'العربية',
};

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function isDisplayLocale(value: string): value is DisplayLocale {
  return value === PSEUDO_LOCALE || isLocale(value);
}

/** Which way a locale writes: Arabic right to left, the others left to right. */
export function textDirection(locale: DisplayLocale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}
