// The message catalogue: English is bundled (it is the source and the fallback), each other
// language is loaded when first chosen. Messages are ICU MessageFormat: placeholders, plurals
// (with each language's own plural forms) and selects are the library's, never concatenation.
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import english from './messages/en/index';
import { PSEUDO_LOCALE, type DisplayLocale, type Locale } from './locales';
import { pseudoMessages } from './pseudo';

/** The files each language's messages are split into, one per part of the product. */
export const NAMESPACES = ['common', 'codes', 'settings', 'vault', 'transfer', 'helpdesk', 'server'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const englishMessages: Readonly<Record<MessageId, string>> = english;
export type MessageId = keyof typeof english;
/** What a formatter takes: message text, or already parsed (the pseudo-locale's). */
export type LoadedMessages = Record<string, string> | Record<string, MessageFormatElement[]>;

const TRANSLATIONS: Readonly<
  Record<Exclude<Locale, 'en'>, () => Promise<{ default: Record<string, string> }>>
> = {
  de: () => import('./messages/de/index'),
  fr: () => import('./messages/fr/index'),
  es: () => import('./messages/es/index'),
  'pt-BR': () => import('./messages/pt-BR/index'),
  it: () => import('./messages/it/index'),
  nl: () => import('./messages/nl/index'),
  pl: () => import('./messages/pl/index'),
  ja: () => import('./messages/ja/index'),
  'zh-CN': () => import('./messages/zh-CN/index'),
  ar: () => import('./messages/ar/index'),
};

/** A language's messages as written (its own file only: no English filled in). */
export async function translatedMessages(locale: Exclude<Locale, 'en'>): Promise<Record<string, string>> {
  return (await TRANSLATIONS[locale]()).default;
}

/** A language's messages, ready for a formatter. */
export async function loadMessages(locale: DisplayLocale): Promise<LoadedMessages> {
  if (locale === 'en') return { ...englishMessages };
  if (locale === PSEUDO_LOCALE) return pseudoMessages(englishMessages);
  // English under each translation: a key added since is at worst shown in English, never as its id.
  return { ...englishMessages, ...(await translatedMessages(locale)) };
}
