import type { UserRow } from '../db/users';
import { html } from './html';
import { accountTabs, localTime, notice, page } from './layout';
import { codeField } from './code-field';

interface Frame {
  user: UserRow;
  csrfToken: string;
}

const tabs = accountTabs('security');
const date = localTime;

/** The "Account Security" tab: 2FA status and the button that starts enrollment (or the form that ends it). */
export function securityPage(
  { user, csrfToken }: Frame,
  options: { codesLeft: number; error?: string; info?: string },
): string {
  const enabled = user.totp_enabled_at !== null;
  const body = enabled
    ? html`<p><strong>Two-factor authentication is on</strong> since ${date(user.totp_enabled_at)}.</p>
        <p>${options.codesLeft} recovery codes left. Last code used: ${date(user.totp_last_used_at)}.</p>
        <h2>Disable two-factor authentication</h2>
        <form method="post" action="/account/security/disable">
          <input type="hidden" name="csrf_token" value="${csrfToken}" />
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
          ${codeField('Current code from your authenticator')}
          <button type="submit" class="danger">Disable two-factor authentication</button>
        </form>`
    : html`<p>
          Two-factor authentication is <strong>off</strong>. With it on, logging in needs your password and a
          code from an authenticator app.
        </p>
        <form method="post" action="/account/security/enable">
          <input type="hidden" name="csrf_token" value="${csrfToken}" />
          <button type="submit">Enable two-factor authentication</button>
        </form>`;
  return page({
    title: 'Account Security',
    signedIn: { name: user.name, csrfToken },
    body: html`${tabs}${notice('error', options.error)}${notice('info', options.info)}${body}`,
  });
}

/** The seed's "Security Control": the password again before a security-sensitive action. */
export function identityPage({ user, csrfToken }: Frame, error?: string): string {
  return page({
    title: 'Security Control',
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('error', error)}
      <p>
        Enabling two-factor authentication is a security-sensitive action: enter your password to continue.
      </p>
      <form method="post" action="/account/security/identity">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <input type="text" name="username" autocomplete="username" value="${user.login}" hidden />
        <label for="password">Password</label>
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="current-password"
          required
          autofocus
        />
        <button type="submit">Confirm password</button>
      </form>`,
  });
}

/** Groups of four, as people copy secrets by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export function setupPage(
  { user, csrfToken }: Frame,
  setup: { secret: string; otpauthUri: string; qrDataUrl: string },
  error?: string,
): string {
  return page({
    title: 'Two-Factor Authentication Activation',
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('error', error)}
      <ol>
        <li>
          <p>Scan this barcode with your authenticator (such as Twofold):</p>
          <img
            class="qr"
            src="${setup.qrDataUrl}"
            alt="QR code to add ${user.login} to an authenticator"
            width="240"
            height="240"
          />
        </li>
        <li>
          <p>
            Can't scan it? <a href="${setup.otpauthUri}">Open the link in your authenticator</a>, or enter
            this secret by hand:
          </p>
          <p><code class="secret" id="secret">${groupSecret(setup.secret)}</code></p>
        </li>
        <li>
          <form method="post" action="/account/security/setup">
            <input type="hidden" name="csrf_token" value="${csrfToken}" />
            ${codeField('Verification Code')}
            <button type="submit">Enable two-factor authentication</button>
          </form>
        </li>
      </ol>`,
  });
}

export function recoveryCodesPage({ user, csrfToken }: Frame, codes: readonly string[]): string {
  return page({
    title: 'Two-factor authentication is on',
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('info', 'Congratulations, your account is now protected by two-factor authentication!')}
      <p>
        Keep these recovery codes somewhere safe. Each one logs you in once if you lose your authenticator.
        <strong>They are shown only now.</strong>
      </p>
      <ol class="codes" id="recovery-codes">
        ${codes.map((code) => html`<li>${code}</li>`)}
      </ol>
      <p><a href="/account/security">Continue to Account Security</a></p>`,
  });
}
