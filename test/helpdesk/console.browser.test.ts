import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, snap, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { CodeSource, nextStep } from './support/codes';
import { eventually, helpdesk } from './support/console-page';
import { expireApiTokens } from './support/server-db';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

const ROOT_PASSWORD = 'root-password-1234';
const ALICE_PASSWORD = 'alice-password-1234';

describe.skipIf(skipReason('help desk console in Chromium', chromiumUnavailable() ?? noKeychain))(
  'The help-desk console through the test host, against the real server',
  () => {
    let server: RunningServer;
    let app: AppSession;
    let alice: CodeSource;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: ROOT_PASSWORD });
      await server.addUser({ login: 'alice', name: 'Alice Example', role: 'user', password: ALICE_PASSWORD });
      await server.addUser({
        login: 'alfred',
        name: 'Alfred Other',
        role: 'user',
        password: 'alfred-password-1234',
      });
      await server.addUser({
        login: 'bob',
        name: 'Bob Builder',
        role: 'user',
        password: 'bob-password-1234',
      });
      const web = new WebUser(server.baseUrl);
      await web.login('alice', ALICE_PASSWORD);
      let source: CodeSource | undefined;
      await web.enableTwofa(ALICE_PASSWORD, async (secret) => {
        source = new CodeSource(secret);
        return source.next();
      });
      if (!source) throw new Error('alice was not enrolled');
      alice = source;
      app = await openApp();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
      await server?.stop();
    });

    it('signs in with a password, enrolls the admin into this vault from My account, and shows recovery codes once', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.open();
      await hd.signInWith(server.baseUrl, 'root', ROOT_PASSWORD);
      // root has no 2FA: a banner says so above every tab, and leads to My account's enroll.
      const banner = page.getByRole('region', { name: 'Your account has no two-factor authentication' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Your account root has no two-factor authentication');
      await hd.tab('Audit').click();
      expect(await banner.isVisible()).toBe(true);
      await banner.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      expect(await hd.tab('My account').getAttribute('aria-selected')).toBe('true');
      const enable = page.getByRole('button', { name: 'Enable two-factor authentication' });
      // The server wants the password again first (step-up): the console asks up front, not after a refusal.
      await page.getByLabel('Your password').waitFor();
      await page.getByLabel('Your password').fill(ROOT_PASSWORD);
      await enable.click();
      const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
      await codes.first().waitFor();
      expect(await codes.count()).toBeGreaterThanOrEqual(8);
      // Enrolled: the banner goes.
      await banner.waitFor({ state: 'detached' });
      const entries = app.host.services.vaults.current().list();
      // The entry is named after the server in words, not a bare "127.0.0.1" (issue 12).
      const port = new URL(server.baseUrl).port;
      expect(entries.map((e) => [e.issuer, e.account])).toContainEqual([
        `Twofold (127.0.0.1, port ${port})`,
        'root',
      ]);
      // The profile got a readable name, not "127.0.0.1-45757".
      expect(await page.locator('.helpdesk-switcher__profile').textContent()).toMatch(
        /^This computer port \d+$/,
      );
      // Once saved, back on My account, 2FA is on: nothing to enable any more.
      await page.getByLabel('I have saved them').check();
      await page.getByRole('button', { name: 'Done' }).click();
      await hd.tab('Users').click();
      await hd.tab('My account').click();
      // The secret is in this vault: My account says so and links to its code (issue 20 item 4).
      await page.getByText(/Two-factor authentication is on for root/).waitFor();
      await page.getByRole('button', { name: 'Show in Codes' }).waitFor();
      expect(await page.getByText(/turn it off on the server first/).count()).toBe(0);
      expect(await enable.count()).toBe(0);
    });

    it('signs in again with the code filled from the vault (one click, never on its own)', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await hd.signIn.getByLabel('Password').fill(ROOT_PASSWORD);
      await hd.signIn.getByRole('button', { name: 'Sign in' }).click();
      const code = hd.signIn.getByLabel('Your two-factor code');
      await code.waitFor();
      expect(await code.inputValue()).toBe('');
      // Enrolling spent this step's code: wait for a fresh one, as a person would.
      await nextStep();
      await hd.signInWithCodeFromVault();
      await hd.signedIn();
      await page.getByText('signed in as root').waitFor();
      // Signed in with 2FA: no banner.
      expect(
        await page.getByRole('region', { name: 'Your account has no two-factor authentication' }).count(),
      ).toBe(0);
    }, 60_000);

    it('finds a user by search and filter, sorts, and exports CSV', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await eventually(
        () => hd.logins(),
        (l) => l.length === 4,
      );
      await page.getByRole('searchbox', { name: 'Search users' }).fill('al');
      await eventually(
        () => hd.logins(),
        (l) => l.join() === 'alfred,alice',
      );
      await hd.users.getByRole('button', { name: 'Login' }).click();
      await eventually(
        () => hd.logins(),
        (l) => l.join() === 'alice,alfred',
      );
      await hd.chip('2FA on').click();
      await eventually(
        () => hd.logins(),
        (l) => l.join() === 'alice',
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const csv = await readFile((await download.path()) ?? '', 'utf8');
      expect(csv.split('\r\n')[0]).toBe(
        'login,name,role,2fa,2fa enabled at,2fa last used,recovery codes left,locked',
      );
      expect(csv).toContain('alice,Alice Example,user,on,');
      expect(csv).not.toContain('alfred');
    });

    it('verifies a code the caller reads out: green for right, red for wrong', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.users.getByRole('row', { name: /alice/ }).click();
      await hd.panel.getByRole('button', { name: 'Verify a code' }).click();
      const dialog = hd.dialog();
      await dialog.getByLabel('Code the caller reads out').fill(await alice.next());
      await dialog.getByRole('button', { name: 'Check code' }).click();
      await dialog.locator('.helpdesk-verdict--ok').waitFor();
      await dialog.getByLabel('Code the caller reads out').fill('000000');
      await dialog.getByRole('button', { name: 'Check code' }).click();
      await dialog.locator('.helpdesk-verdict--bad').waitFor();
      expect(await dialog.getByRole('status').textContent()).toContain('Wrong code');
      await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    });

    it('disables 2FA with a reason and a password re-check; alice then logs in with her password alone', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.panel.getByRole('button', { name: 'Disable 2FA' }).click();
      const dialog = hd.dialog();
      const confirm = dialog.getByRole('button', { name: 'Disable 2FA for Alice Example' });
      // An empty reason gets the console's own words, not the browser's tooltip.
      await confirm.click();
      await dialog.getByRole('alert').getByText('at least 10 characters').waitFor();
      await dialog.getByLabel('Reason').fill('lost');
      await confirm.click();
      await dialog.getByRole('alert').getByText('at least 10 characters').waitFor();
      await dialog.getByLabel('Reason').fill('Lost phone; identity checked by call-back');
      // Signed in afresh since the last check: the password is asked up front.
      await dialog.getByLabel('Your password').waitFor();
      await snap(page, '08-disable-password-up-front');
      await dialog.getByLabel('Your password').fill(ROOT_PASSWORD);
      // What was typed survived the password prompt.
      expect(await dialog.getByLabel('Reason').inputValue()).toBe(
        'Lost phone; identity checked by call-back',
      );
      await confirm.click();
      await eventually(
        () => hd.panel.getByTestId('twofa-state').textContent(),
        (t) => t === '2FA off',
      );
      expect(await new WebUser(server.baseUrl).login('alice', ALICE_PASSWORD)).toBe('/account');
      // With 2FA off, the greyed-out actions say why; Escape closes the side panel.
      const disableButton = hd.panel.getByRole('button', { name: 'Disable 2FA' });
      await expect(disableButton.isDisabled()).resolves.toBe(true);
      const why = await disableButton.evaluate(
        (el) => el.ownerDocument.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      );
      expect(why).toContain('Alice Example has no two-factor authentication to check or turn off.');
      await snap(page, '10-disabled-action-says-why');
      await hd.panel.getByRole('button', { name: 'Refresh' }).focus();
      await page.keyboard.press('Escape');
      await hd.panel.waitFor({ state: 'detached' });
    });

    it('shows the action in the audit log, and the adoption report', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      const row = await hd.auditRow(/root turned off two-factor authentication for alice/);
      await snap(page, '09-audit-sentences');
      const text = await row.textContent();
      expect(text).toContain('root');
      expect(text).toContain('alice');
      expect(text).toContain('Lost phone; identity checked by call-back');
      await page.getByLabel('Target').fill('bob');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.getByText('Nothing recorded for these filters.').waitFor();

      await hd.tab('Adoption').click();
      // root has 2FA now, alice no longer: 1 of 4.
      expect(await page.getByTestId('adoption-percent').textContent()).toBe('25%');
      await page.getByRole('img', { name: '2FA adoption by role' }).waitFor();
    });

    it('asks to sign in again when the token expires, keeping the open view', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.tab('Users').click();
      const search = page.getByRole('searchbox', { name: 'Search users' });
      await search.fill('');
      await eventually(
        () => hd.logins(),
        (l) => l.length === 4,
      );
      expireApiTokens(server.dbPath);
      await hd.chip('Locked').click();
      const dialog = page.getByRole('dialog', { name: 'Sign in again' });
      await dialog.getByText('session has ended').waitFor();
      await dialog.getByLabel('Password').fill(ROOT_PASSWORD);
      await dialog.getByRole('button', { name: 'Sign in' }).click();
      await nextStep();
      await dialog.getByRole('button', { name: 'Fill from Twofold' }).click();
      await dialog.getByRole('button', { name: 'Sign in' }).click();
      await dialog.waitFor({ state: 'detached' });
      // The filter chosen before the interruption is still on.
      expect(await hd.chip('Locked').getAttribute('aria-pressed')).toBe('true');
    }, 60_000);
  },
);
