import type { Locale } from '../../shared/i18n/locales';
import type { Words } from '../i18n';
import { TRUSTED_DEVICE_TTL_MS } from '../services/trusted-devices';
import { html } from './html';
import { accountTabs, languageForm, ltr, notice, page } from './layout';
import { codeField } from './code-field';

export function loginPage(
  words: Words,
  csrfToken: string,
  options: { error?: string; info?: string; login?: string; chosen?: Locale | null } = {},
): string {
  return page({
    words,
    title: words.t('server.login.title'),
    body: html`${notice('error', options.error)}${notice('info', options.info)}
      <form method="post" action="/login">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <label for="login">${words.t('server.login.login')}</label>
        <input
          type="text"
          id="login"
          name="login"
          autocomplete="username"
          dir="ltr"
          required
          value="${options.login ?? ''}"
        />
        <label for="password">${words.t('server.login.password')}</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <button type="submit">${words.t('server.login.submit')}</button>
      </form>
      ${languageForm(words, { action: '/language', csrfToken, current: options.chosen ?? words.locale, back: '/login' })}`,
  });
}

export function secondStepPage(words: Words, csrfToken: string, error?: string): string {
  return page({
    words,
    title: words.t('server.twoStep.title'),
    body: html`${notice('error', error)}
      <p>${words.t('server.twoStep.intro')}</p>
      <form method="post" action="/login/2fa">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        ${codeField(words.t('server.twoStep.codeLabel'), { autofocus: true })}
        <label class="check"
          ><input type="checkbox" name="remember" value="1" />
          ${words.t('server.twoStep.remember', { days: Math.round(TRUSTED_DEVICE_TTL_MS / 86_400_000) })}</label
        >
        <button type="submit">${words.t('server.login.submit')}</button>
      </form>
      <p class="muted">${words.t('server.twoStep.lost')}</p>`,
  });
}

export function accountPage(
  words: Words,
  user: { name: string; login: string },
  csrfToken: string,
  info?: string,
): string {
  return page({
    words,
    title: words.t('server.account.title'),
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('info', info)} ${accountTabs(words, 'profile')}
      <p>${words.rich('server.account.signedInAs', { name: user.name, login: ltr(user.login) })}</p>`,
  });
}

export function logoutPage(words: Words, csrfToken: string): string {
  return page({
    words,
    title: words.t('server.logout.title'),
    body: html`<form method="post" action="/logout">
      <input type="hidden" name="csrf_token" value="${csrfToken}" />
      <p>${words.t('server.logout.question')}</p>
      <button type="submit">${words.t('server.layout.logOut')}</button>
    </form>`,
  });
}
