// The account server's words in its users' languages: one @formatjs/intl formatter per locale,
// made the first time a locale is needed and kept (its messages loaded once, with loadMessages).
// Pages and mails take a Words: the locale, its direction, and the catalogue's messages.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { PrimitiveType } from 'intl-messageformat';
import {
  acceptLanguageTags,
  isLocale,
  loadMessages,
  matchLocale,
  PSEUDO_LOCALE,
  SOURCE_LOCALE,
  textDirection,
  type DisplayLocale,
  type Locale,
  type MessageId,
} from '../shared/i18n';
import { sayIn, type PersonFacingMessage } from '../shared/person-facing-error';
import { html, type SafeHtml } from './web/html';

export type ServerMessageId =
  Extract<MessageId, `server.${string}`> | 'common.app.name' | 'common.action.copy';
export type Values = Record<string, PrimitiveType>;
/** Values of a message with markup: text (escaped), markup already safe, or a tag's renderer. */
export type RichValues = Record<
  string,
  PrimitiveType | SafeHtml | ((chunks: (string | SafeHtml)[]) => SafeHtml)
>;

/** A moment written out in full, always in UTC (a server cannot know a reader's zone). */
const MOMENT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
};

export class Words {
  readonly dir: 'ltr' | 'rtl';
  constructor(
    readonly locale: DisplayLocale,
    readonly intl: IntlShape,
  ) {
    this.dir = textDirection(locale);
  }

  /** A message as plain text (for a mail, a title, an attribute: the template escapes it). */
  t(id: ServerMessageId, values?: Values): string {
    return this.intl.formatMessage({ id }, values);
  }

  /**
   * A message with markup: `<b>…</b>` becomes `<strong>`, other tags as given in `values`;
   * text values and the message's own words are escaped, SafeHtml values are kept.
   */
  rich(id: ServerMessageId, values: RichValues = {}): SafeHtml {
    const all: RichValues = { b: (chunks) => html`<strong>${chunks}</strong>`, ...values };
    // formatMessage returns the tags' and values' objects among the text (its overloads type that loosely).
    const format = this.intl.formatMessage as unknown as (
      descriptor: { id: string },
      values: RichValues,
    ) => string | SafeHtml | (string | SafeHtml)[];
    const out = format({ id }, all);
    return html`${Array.isArray(out) ? out : [out]}`;
  }

  /** A message made elsewhere (an HttpError's), in this language. */
  say(message: PersonFacingMessage): string {
    return sayIn((id, values) => this.intl.formatMessage({ id }, values), message);
  }

  /** A date and time, in UTC, in this language. */
  moment(ms: number): string {
    return this.intl.formatDate(ms, MOMENT);
  }

  /** A calendar day (a deadline), in this language. */
  day(ms: number): string {
    return this.intl.formatDate(ms, { dateStyle: 'long', timeZone: 'UTC' });
  }

  number(value: number): string {
    return this.intl.formatNumber(value);
  }
}

const cache = createIntlCache();
const loaded = new Map<DisplayLocale, Promise<Words>>();

/** The server's words in `locale` (English when none is given). */
export function wordsFor(locale: DisplayLocale | null | undefined): Promise<Words> {
  const wanted = locale ?? SOURCE_LOCALE;
  let words = loaded.get(wanted);
  if (words === undefined) {
    words = loadMessages(wanted).then(
      (messages) =>
        new Words(
          wanted,
          // UTC for dates inside messages too: a server cannot know a reader's zone.
          createIntl({ locale: wanted, defaultLocale: SOURCE_LOCALE, messages, timeZone: 'UTC' }, cache),
        ),
    );
    loaded.set(wanted, words);
  }
  return words;
}

/** The cookie the login page's language switcher sets. */
export const LANG_COOKIE = 'lang';

/**
 * Which language a page is in: the signed-in person's own choice, else the switcher's cookie,
 * else the browser's Accept-Language (English when none of ours is asked for).
 */
export function pageLocale(
  request: {
    headers: { 'accept-language'?: string | undefined };
    cookies: Record<string, string | undefined>;
  },
  preference: Locale | null | undefined,
): DisplayLocale {
  if (preference) return preference;
  const cookie = request.cookies[LANG_COOKIE];
  if (
    pseudoLocaleOffered() &&
    (cookie === PSEUDO_LOCALE || acceptLanguageTags(request.headers['accept-language'])[0] === PSEUDO_LOCALE)
  ) {
    return PSEUDO_LOCALE;
  }
  if (cookie !== undefined && isLocale(cookie)) return cookie;
  return matchLocale(acceptLanguageTags(request.headers['accept-language']));
}

/** The admin API's language: the request's Accept-Language (the console sends its own). */
export function apiLocale(request: { headers: { 'accept-language'?: string | undefined } }): DisplayLocale {
  return matchLocale(acceptLanguageTags(request.headers['accept-language']));
}

/**
 * The pseudo-locale (`en-XA`: accented, longer English) is for finding text that skips the
 * catalogue; a development server offers it when TWOFOLD_PSEUDO_LOCALE=1, production never.
 */
export function pseudoLocaleOffered(): boolean {
  return process.env.TWOFOLD_PSEUDO_LOCALE === '1';
}
