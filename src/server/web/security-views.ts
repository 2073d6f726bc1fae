import type { Account } from '../db/users';
import { html } from './html';
import { accountTabs, localTime, notice, page } from './layout';
import { codeField } from './code-field';
import { recoveryCodesFileName, recoveryCodesText } from '../../shared/admin-api/recovery-codes-file';

interface Frame {
  user: Account;
  csrfToken: string;
}

const tabs = accountTabs('security');
const date = localTime;

/** The "Account Security" tab: 2FA status and the button that starts enrollment (or the form that ends it). */
export function securityPage(
  { user, csrfToken }: Frame,
  options: { codesLeft: number; error?: string; info?: string },
): string {
  const enabled = user.totpEnabledAt !== null;
  const body = enabled
    ? html`<p><strong>Two-factor authentication is on</strong> since ${date(user.totpEnabledAt)}.</p>
        <p>Last two-factor code accepted: ${date(user.totpLastUsedAt)}.</p>
        <p>Recovery codes left: ${options.codesLeft}.</p>
        <h2>Recovery codes</h2>
        <form method="post" action="/account/security/recovery-codes">
          <input type="hidden" name="csrf_token" value="${csrfToken}" />
          <p>
            Lost or used up your recovery codes? Make new ones: the current codes stop working at once. Enter
            your password to confirm.
          </p>
          <label for="regenerate-password">Password for new recovery codes</label>
          <input
            type="password"
            id="regenerate-password"
            name="password"
            autocomplete="current-password"
            required
          />
          <button type="submit">Generate new recovery codes</button>
        </form>
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

/** Why the codes are on screen: 2FA was just turned on, or new codes replaced the old ones. */
export type RecoveryCodesOccasion = 'enabled' | 'regenerated';

/**
 * The recovery codes, shown once, with ways to keep them: Copy and Print (by
 * /assets/recovery-codes.js), Save as text file (a data: link, no script needed), and a
 * required "I have saved them" before Continue leads away.
 */
export function recoveryCodesPage(
  { user, csrfToken }: Frame,
  sheet: { codes: readonly string[]; server: string; generatedAt: Date },
  occasion: RecoveryCodesOccasion,
): string {
  const file = {
    account: user.login,
    server: sheet.server,
    generatedAt: sheet.generatedAt,
    codes: sheet.codes,
  };
  const saveHref = `data:text/plain;charset=utf-8,${encodeURIComponent(recoveryCodesText(file))}`;
  return page({
    title: occasion === 'enabled' ? 'Two-factor authentication is on' : 'New recovery codes',
    signedIn: { name: user.name, csrfToken },
    body: html`${
        occasion === 'enabled'
          ? notice('info', 'Congratulations, your account is now protected by two-factor authentication!')
          : notice('info', 'New recovery codes were made. The old ones no longer work.')
      }
      <p>
        Keep these recovery codes somewhere safe. Each one logs you in once if you lose your authenticator.
        <strong>They are shown only now.</strong>
      </p>
      <ol class="codes" id="recovery-codes">
        ${sheet.codes.map((code) => html`<li>${code}</li>`)}
      </ol>
      <div class="keep" id="keep-codes">
        <button type="button" id="copy-codes" hidden>Copy</button>
        <a class="button" id="save-codes" href="${saveHref}" download="${recoveryCodesFileName(file)}"
          >Save as text file</a
        >
        <button type="button" id="print-codes" hidden>Print</button>
        <span id="keep-status" role="status"></span>
      </div>
      <form method="get" action="/account/security" id="codes-saved">
        <label class="check"
          ><input type="checkbox" id="saved" name="saved" value="1" required /> I have saved them</label
        >
        <p class="muted" id="saved-why">
          Tick “I have saved them” to continue: these codes are not shown again.
        </p>
        <button type="submit" id="codes-done" aria-describedby="saved-why">
          Continue to Account Security
        </button>
      </form>
      <script src="/assets/recovery-codes.js" defer></script>`,
  });
}
