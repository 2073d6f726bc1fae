import type { Account } from '../db/users';
import type { Words } from '../i18n';
import { html } from './html';
import { accountTabs, languageForm, localTime, notice, page } from './layout';
import { codeField } from './code-field';
import { recoveryCodesFileName, recoveryCodesText } from '../../shared/admin-api/recovery-codes-file';

interface Frame {
  words: Words;
  user: Account;
  csrfToken: string;
}

/** The "Account Security" tab: 2FA status and the button that starts enrollment (or the form that ends it), and the language. */
export function securityPage(
  { words, user, csrfToken }: Frame,
  options: { codesLeft: number; error?: string; info?: string },
): string {
  const t = words.t.bind(words);
  const date = (ms: number | null) => localTime(words, ms);
  const enabled = user.totpEnabledAt !== null;
  const body = enabled
    ? html`<p>${words.rich('server.security.onSince', { date: date(user.totpEnabledAt) })}</p>
        <p>${words.rich('server.security.lastUsed', { date: date(user.totpLastUsedAt) })}</p>
        <p>${t('server.security.codesLeft', { count: options.codesLeft })}</p>
        <h2>${t('server.security.recoveryTitle')}</h2>
        <form method="post" action="/account/security/recovery-codes">
          <input type="hidden" name="csrf_token" value="${csrfToken}" />
          <p>${t('server.security.regenerateIntro')}</p>
          <label for="regenerate-password">${t('server.security.regeneratePassword')}</label>
          <input
            type="password"
            id="regenerate-password"
            name="password"
            autocomplete="current-password"
            required
          />
          <button type="submit">${t('server.security.regenerate')}</button>
        </form>
        <h2>${t('server.security.disableTitle')}</h2>
        <form method="post" action="/account/security/disable">
          <input type="hidden" name="csrf_token" value="${csrfToken}" />
          <label for="password">${t('server.login.password')}</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
          ${codeField(t('server.security.currentCode'))}
          <button type="submit" class="danger">${t('server.security.disable')}</button>
        </form>`
    : html`<p>${words.rich('server.security.off')}</p>
        <form method="post" action="/account/security/enable">
          <input type="hidden" name="csrf_token" value="${csrfToken}" />
          <button type="submit">${t('server.security.enable')}</button>
        </form>`;
  return page({
    words,
    title: t('server.security.title'),
    signedIn: { name: user.name, csrfToken },
    body: html`${accountTabs(words, 'security')}${notice('error', options.error)}${notice('info', options.info)}${body}
      <h2>${t('server.language.title')}</h2>
      <p class="muted">${t('server.language.hint')}</p>
      ${languageForm(words, {
        action: '/account/security/language',
        csrfToken,
        current: user.locale,
        none: t('server.language.browser'),
      })}`,
  });
}

/** The seed's "Security Control": the password again before a security-sensitive action. */
export function identityPage({ words, user, csrfToken }: Frame, error?: string): string {
  return page({
    words,
    title: words.t('server.identity.title'),
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('error', error)}
      <p>${words.t('server.identity.intro')}</p>
      <form method="post" action="/account/security/identity">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <input type="text" name="username" autocomplete="username" value="${user.login}" hidden />
        <label for="password">${words.t('server.login.password')}</label>
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="current-password"
          required
          autofocus
        />
        <button type="submit">${words.t('server.identity.confirm')}</button>
      </form>`,
  });
}

/** Groups of four, as people copy secrets by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export function setupPage(
  { words, user, csrfToken }: Frame,
  setup: { secret: string; otpauthUri: string; qrDataUrl: string },
  error?: string,
): string {
  return page({
    words,
    title: words.t('server.setup.title'),
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('error', error)}
      <ol>
        <li>
          <p>${words.t('server.setup.scan')}</p>
          <img
            class="qr"
            src="${setup.qrDataUrl}"
            alt="${words.t('server.setup.qrAlt', { login: user.login })}"
            width="240"
            height="240"
          />
        </li>
        <li>
          <p>
            ${words.rich('server.setup.cantScan', {
              link: (chunks) => html`<a href="${setup.otpauthUri}" dir="ltr">${chunks}</a>`,
            })}
          </p>
          <p>
            <code class="secret" dir="ltr" translate="no" id="secret">${groupSecret(setup.secret)}</code>
          </p>
        </li>
        <li>
          <form method="post" action="/account/security/setup">
            <input type="hidden" name="csrf_token" value="${csrfToken}" />
            ${codeField(words.t('server.setup.codeLabel'))}
            <button type="submit">${words.t('server.security.enable')}</button>
          </form>
        </li>
      </ol>`,
  });
}

/** Why the codes are on screen: 2FA was just turned on, or new codes replaced the old ones. */
export type RecoveryCodesOccasion = 'enabled' | 'regenerated';

/**
 * The recovery codes, shown once, with ways to keep them: Copy and Print (by
 * /assets/recovery-codes.js), Save as text file (a data: link, no script needed), and a
 * required "I have saved them" before Continue leads away.
 */
export function recoveryCodesPage(
  { words, user, csrfToken }: Frame,
  sheet: { codes: readonly string[]; server: string; generatedAt: Date },
  occasion: RecoveryCodesOccasion,
): string {
  const t = words.t.bind(words);
  const file = {
    account: user.login,
    server: sheet.server,
    generatedAt: sheet.generatedAt,
    codes: sheet.codes,
  };
  const saveHref = `data:text/plain;charset=utf-8,${encodeURIComponent(recoveryCodesText(file))}`;
  return page({
    words,
    title: t(occasion === 'enabled' ? 'server.codes.titleEnabled' : 'server.codes.titleRegenerated'),
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('info', t(occasion === 'enabled' ? 'server.codes.enabled' : 'server.codes.regenerated'))}
      <p>${words.rich('server.codes.keep')}</p>
      <ol class="codes" id="recovery-codes" dir="ltr" translate="no">
        ${sheet.codes.map((code) => html`<li>${code}</li>`)}
      </ol>
      <div class="keep" id="keep-codes">
        <button type="button" id="copy-codes" hidden>${t('common.action.copy')}</button>
        <a class="button" id="save-codes" href="${saveHref}" download="${recoveryCodesFileName(file)}"
          >${t('server.codes.save')}</a
        >
        <button type="button" id="print-codes" hidden>${t('server.codes.print')}</button>
        <span
          id="keep-status"
          role="status"
          data-copied="${t('server.codes.copied', { count: sheet.codes.length })}"
          data-selected="${t('server.codes.selected')}"
        ></span>
      </div>
      <form method="get" action="/account/security" id="codes-saved">
        <label class="check"
          ><input type="checkbox" id="saved" name="saved" value="1" required />
          ${t('server.codes.saved')}</label
        >
        <p class="muted" id="saved-why">${t('server.codes.savedWhy')}</p>
        <button type="submit" id="codes-done" aria-describedby="saved-why">
          ${t('server.codes.continue')}
        </button>
      </form>
      <script src="/assets/recovery-codes.js" defer></script>`,
  });
}
