import { html, type SafeHtml } from './html';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Shown in the header with a sign-out form when someone is signed in. */
  signedIn?: { name: string; csrfToken: string } | undefined;
}

/** The account pages' tabs, the current one marked (aria-current) and drawn as the open tab. */
export function accountTabs(current: 'profile' | 'security'): SafeHtml {
  const tab = (href: string, label: string, here: boolean): SafeHtml =>
    here
      ? html`<a class="tab" href="${href}" aria-current="page">${label}</a>`
      : html`<a class="tab" href="${href}">${label}</a>`;
  return html`<nav class="tabs" aria-label="Account">
    ${tab('/account', 'Profile', current === 'profile')}${tab('/account/security', 'Account Security', current === 'security')}
  </nav>`;
}

/**
 * A moment for a person to read: UTC in the HTML (readable without script), turned
 * into the browser's own time zone by /assets/local-time.js.
 */
export function localTime(ms: number | null): SafeHtml | string {
  if (ms === null) return 'never';
  const at = new Date(ms);
  return html`<time datetime="${at.toISOString()}">${at.toUTCString().replace('GMT', 'UTC')}</time>`;
}

/** The frame of every page: plain HTML, one stylesheet, one small script for local times. */
export function page({ title, body, signedIn }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — Twofold account server</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <script src="/assets/local-time.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/account">Twofold</a>
          ${
            signedIn
              ? html`<form method="post" action="/logout" class="inline">
                  <span>${signedIn.name}</span>
                  <input type="hidden" name="csrf_token" value="${signedIn.csrfToken}" />
                  <button type="submit" class="link">Log out</button>
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
export function notice(kind: 'error' | 'info', text: string | undefined): SafeHtml {
  if (text === undefined || text === '') return html``;
  return kind === 'error'
    ? html`<p class="notice error" role="alert">${text}</p>`
    : html`<p class="notice info" role="status">${text}</p>`;
}

export function renderErrorPage(status: number, message: string): string {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Server error' : 'Request refused';
  return page({
    title,
    body: html`<p>${message}</p>
      <p><a href="/account">Go to your account</a></p>`,
  });
}
