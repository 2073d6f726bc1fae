import { html } from './html';
import { accountTabs, notice, page } from './layout';
import { codeField } from './code-field';

export function loginPage(
  csrfToken: string,
  options: { error?: string; info?: string; login?: string } = {},
): string {
  return page({
    title: 'Log in',
    body: html`${notice('error', options.error)}${notice('info', options.info)}
      <form method="post" action="/login">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <label for="login">Login</label>
        <input
          type="text"
          id="login"
          name="login"
          autocomplete="username"
          required
          value="${options.login ?? ''}"
        />
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <button type="submit">Log in</button>
      </form>`,
  });
}

export function secondStepPage(csrfToken: string, error?: string): string {
  return page({
    title: 'Two-factor authentication',
    body: html`${notice('error', error)}
      <p>Open your authenticator and enter the code it shows for this site and your login.</p>
      <form method="post" action="/login/2fa">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        ${codeField('Authentication code', { autofocus: true })}
        <label class="check"
          ><input type="checkbox" name="remember" value="1" /> Don't ask again on this device for 30
          days</label
        >
        <button type="submit">Log in</button>
      </form>
      <p class="muted">
        Lost your authenticator? Enter one of your recovery codes instead, or ask an administrator to disable
        two-factor authentication on your account.
      </p>`,
  });
}

export function accountPage(user: { name: string; login: string }, csrfToken: string, info?: string): string {
  return page({
    title: 'My account',
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('info', info)} ${accountTabs('profile')}
      <p>Signed in as <strong>${user.name}</strong> (${user.login}).</p>`,
  });
}

export function logoutPage(csrfToken: string): string {
  return page({
    title: 'Log out',
    body: html`<form method="post" action="/logout">
      <input type="hidden" name="csrf_token" value="${csrfToken}" />
      <p>End your session on this device?</p>
      <button type="submit">Log out</button>
    </form>`,
  });
}
