import { LOCALE_NAMES, LOCALES, type Locale } from '../../shared/i18n/locales';
import type { Words } from '../i18n';
import { html, type SafeHtml } from './html';

export interface PageOptions {
  /** The page's language: its words, `<html lang dir>`. */
  words: Words;
  title: string;
  body: SafeHtml;
  /** Shown in the header with a sign-out form when someone is signed in. */
  signedIn?: { name: string; csrfToken: string } | undefined;
}

/** The account pages' tabs, the current one marked (aria-current) and drawn as the open tab. */
export function accountTabs(words: Words, current: 'profile' | 'security'): SafeHtml {
  const tab = (href: string, label: string, here: boolean): SafeHtml =>
    here
      ? html`<a class="tab" href="${href}" aria-current="page">${label}</a>`
      : html`<a class="tab" href="${href}">${label}</a>`;
  return html`<nav class="tabs" aria-label="${words.t('server.layout.accountTabs')}">
    ${tab('/account', words.t('server.layout.tabProfile'), current === 'profile')}${tab('/account/security', words.t('server.layout.tabSecurity'), current === 'security')}
  </nav>`;
}

/**
 * A moment for a person to read: UTC in the page's language in the HTML (readable without
 * script), turned into the browser's own time zone by /assets/local-time.js.
 */
export function localTime(words: Words, ms: number | null): SafeHtml | string {
  if (ms === null) return words.t('server.layout.never');
  return html`<time datetime="${new Date(ms).toISOString()}">${words.moment(ms)}</time>`;
}

/** Data that reads left to right in every language (a login, a code, a link), never translated. */
/** A person's name: data, never translated. */
export function name(text: string): SafeHtml {
  return html`<span translate="no">${text}</span>`;
}

export function ltr(text: string): SafeHtml {
  return html`<span dir="ltr" translate="no">${text}</span>`;
}

/** The frame of every page: plain HTML, one stylesheet, one small script for local times. */
export function page({ words, title, body, signedIn }: PageOptions): string {
  return html`<!doctype html>
    <html lang="${words.locale}" dir="${words.dir}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${words.t('server.layout.documentTitle', { title })}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <script src="/assets/local-time.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/account" translate="no">${words.t('common.app.name')}</a>
          ${
            signedIn
              ? html`<form method="post" action="/logout" class="inline">
                  <span translate="no">${signedIn.name}</span>
                  <input type="hidden" name="csrf_token" value="${signedIn.csrfToken}" />
                  <button type="submit" class="link">${words.t('server.layout.logOut')}</button>
                </form>`
              : ''
          }
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** A message in words; `role="alert"` so screen readers announce it. */
export function notice(kind: 'error' | 'info', text: string | SafeHtml | undefined): SafeHtml {
  if (text === undefined || text === '') return html``;
  return kind === 'error'
    ? html`<p class="notice error" role="alert">${text}</p>`
    : html`<p class="notice info" role="status">${text}</p>`;
}

/**
 * The languages, each in its own name, as a form posting to `action` (the login page's switcher,
 * Account Security's choice). `none`: the label of the "no choice" option, when there is one.
 */
export function languageForm(
  words: Words,
  options: { action: string; csrfToken: string; current: Locale | null; none?: string; back?: string },
): SafeHtml {
  const option = (value: string, label: string, lang: string | undefined) =>
    html`<option
      value="${value}"
      ${lang ? html`lang="${lang}" translate="no"` : ''}
      ${(options.current ?? '') === value ? html`selected` : ''}
    >
      ${label}
    </option>`;
  return html`<form method="post" action="${options.action}" class="language">
    <input type="hidden" name="csrf_token" value="${options.csrfToken}" />
    ${options.back ? html`<input type="hidden" name="back" value="${options.back}" />` : ''}
    <label for="locale">${words.t('server.language.label')}</label>
    <select id="locale" name="locale">
      ${options.none === undefined ? '' : option('', options.none, undefined)}
      ${LOCALES.map((locale) => option(locale, LOCALE_NAMES[locale], locale))}
    </select>
    <button type="submit">${words.t('server.language.submit')}</button>
  </form>`;
}

/** A page's error; `message` is already in the page's language (the HttpError's words). */
export function renderErrorPage(words: Words, status: number, code: string, message: string): string {
  const title = words.t(
    status === 404
      ? 'server.error.titleNotFound'
      : status >= 500
        ? 'server.error.titleServer'
        : 'server.error.titleRefused',
  );
  return page({
    words,
    title,
    body: html`<p>${message}</p>
      <p><a href="/account">${words.t('server.error.goToAccount')}</a></p>`,
  });
}
