// Picking one of Twofold's languages from what a person or a browser asks for.
import { match } from '@formatjs/intl-localematcher';
import { isLocale, LOCALES, SOURCE_LOCALE, type Locale } from './locales';

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
