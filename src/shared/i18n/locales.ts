// The languages Twofold speaks, how to pick one from what a person or a browser asks for, and
// which way each one writes. Platform-free: the renderer, the server and the tests share it.
import { match } from '@formatjs/intl-localematcher';

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

/**
 * The best of our locales for a list of requested ones, most wanted first (BCP 47 tags, as in
 * `navigator.languages` or `Accept-Language`): `pt-PT` gets Brazilian Portuguese, `zh-Hans-SG`
 * Simplified Chinese, `de-AT` German; a request we cannot meet gets English. Malformed tags are
 * skipped, never thrown on.
 */
export function matchLocale(requested: readonly string[]): Locale {
  const valid = requested.filter((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  });
  try {
    const found = match(valid, LOCALES, SOURCE_LOCALE, { algorithm: 'best fit' });
    return isLocale(found) ? found : SOURCE_LOCALE;
  } catch {
    return SOURCE_LOCALE;
  }
}

/** Which way a locale writes: Arabic right to left, the others left to right. */
export function textDirection(locale: DisplayLocale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/**
 * The locales an `Accept-Language` header asks for, by descending weight (`q=0` drops one);
 * at most 20, so a hostile header costs nothing.
 */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1000)
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, weight }) => tag !== '' && tag !== '*' && Number.isFinite(weight) && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
}
