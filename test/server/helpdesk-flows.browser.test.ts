import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { startServer, type RunningServer } from '../support/server-process';
import { skipReason } from '../support/skip';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { ApiClient } from './helpers/api-client';
import { axeViolations } from './helpers/axe';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

const WRONG_CODE = /Wrong code — check your authenticator's clock/;
const REQUIRED = /\/account\/security\/required$/;

/**
 * What the user sees of the help desk's tools, in Debian's Chromium against the real
 * server process, with the notifications read from a real SMTP server on loopback.
 */
describe.skipIf(skipReason('help-desk flows in Chromium', chromiumUnavailable()))(
  'help-desk flows in a browser',
  { timeout: 180_000 },
  () => {
    let server: RunningServer;
    let sink: SmtpSink;
    let dir: string;
    let browser: Browser;
    let admin: ApiClient;
    const codes = new Map<string, CodeSource>();
    const a11y: Record<string, unknown[]> = {};

    const enrollOverHttp = async (login: string) => {
      const web = new WebClient(server.baseUrl);
      expect(await web.login(login, `${login} password`)).toBe('/account');
      await web.enableTwoFactor(`${login} password`, async (secret) => {
        codes.set(login, CodeSource.of(secret));
        return codes.get(login)!.next();
      });
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'twofold-helpdesk-flows-'));
      await writeFile(join(dir, 'smtp-password'), 'smtp secret 123');
      sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 123' });
      [server, browser] = await Promise.all([
        startServer({ env: smtpEnv(sink, join(dir, 'smtp-password')) }),
        launchChromium(),
      ]);
      await Promise.all([
        server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' }),
        ...['alice', 'bob', 'carol', 'dave'].map((login) =>
          server.addUser({
            login,
            name: `${login[0]!.toUpperCase()}${login.slice(1)} Example`,
            role: 'user',
            password: `${login} password`,
            email: `${login}@example.test`,
          }),
        ),
      ]);
      await Promise.all(['alice', 'bob', 'dave'].map(enrollOverHttp));
      admin = new ApiClient(server.baseUrl);
      expect((await admin.signIn('root', 'root password')).status).toBe(201);
      expect((await admin.stepUp('root password')).status).toBe(200);
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await sink?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const newPage = async (): Promise<Page> => (await browser.newContext()).newPage();
    const logIn = async (page: Page, login: string) => {
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel('Login').fill(login);
      await page.getByLabel('Password').fill(`${login} password`);
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    const enterCode = async (page: Page, code: string, remember = false) => {
      await page.getByLabel('Authentication code').fill(code);
      if (remember) await page.getByLabel(/Don't ask again on this device/).check();
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    const logOut = async (page: Page) => {
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/login$/);
    };
    /** From the required-enrollment page: set up, scan (read the secret), confirm. */
    const enrollFromRequiredPage = async (page: Page, login: string) => {
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      // The password given at sign-in stands as the identity check: no second prompt.
      await page.waitForURL(/\/account\/security\/setup$/);
      const secret = ((await page.locator('#secret').textContent()) ?? '').replace(/ /g, '');
      codes.set(login, CodeSource.of(secret));
      await page.getByLabel('Verification Code').fill(await codes.get(login)!.next());
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await page.getByText('your account is now protected by two-factor authentication').waitFor();
      // The recovery codes page lets go only once they are saved.
      await page.getByLabel('I have saved them').check();
      await page.getByRole('button', { name: 'Continue to Account Security' }).click();
      await page.waitForURL(/\/account\/security\?saved=1$/);
    };

    it('signs in with a temporary code straight into enrollment; the one-time code then fails', async () => {
      const aliceId = await admin.userId('alice');
      const issued = await admin.call<{ code: string }>('POST', `/users/${aliceId}/temporary-codes`, {
        reason: 'lost her phone, ticket 5001',
        lifetimeMinutes: 30,
        // The caller read out a code from her authenticator first (issue 25: a proof is required).
        ...(await admin.callerCheck(aliceId, await codes.get('alice')!.next())),
      });
      expect(issued.status).toBe(201);
      const mail = await sink.waitFor('alice@example.test', /temporary sign-in code/);
      expect(mail.text).toContain('for one sign-in');
      expect(mail.text).toContain('If you did not ask the help desk for this code');

      const page = await newPage();
      await logIn(page, 'alice');
      await page.waitForURL(/\/login\/2fa$/);
      await enterCode(page, issued.body.code.toUpperCase());
      await page.waitForURL(REQUIRED);
      await page.getByText('You signed in with a temporary code from the help desk').waitFor();
      a11y.required = await axeViolations(page);
      // Nothing else is reachable before enrolling.
      await page.goto(`${server.baseUrl}/account`);
      await page.waitForURL(REQUIRED);
      await enrollFromRequiredPage(page, 'alice');
      await page.goto(`${server.baseUrl}/account`);
      await page.getByText('Signed in as').waitFor();
      await logOut(page);

      // The new authenticator works; the temporary code does not work a second time.
      await logIn(page, 'alice');
      await enterCode(page, issued.body.code);
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(WRONG_CODE);
      await enterCode(page, await codes.get('alice')!.next());
      await page.waitForURL(/\/account$/);
    });

    it('makes the next sign-in after a reset enroll first', async () => {
      const bobId = await admin.userId('bob');
      const reset = await admin.call('POST', `/users/${bobId}/2fa/reset`, {
        reason: 'new phone, old one wiped, ticket 5002',
        ...(await admin.callerCheck(bobId, await codes.get('bob')!.next())),
      });
      expect(reset.status).toBe(200);
      const mail = await sink.waitFor('bob@example.test', /two-factor authentication was reset/);
      expect(mail.text).toContain('you will be asked to set up a new authenticator');
      expect(mail.text).toMatch(/When: \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC/);

      const page = await newPage();
      await logIn(page, 'bob');
      // No code is asked (there is no authenticator any more); enrollment is.
      await page.waitForURL(REQUIRED);
      await page.getByText('The help desk reset two-factor authentication').waitFor();
      await page.goto(`${server.baseUrl}/account/security`);
      await page.waitForURL(REQUIRED);
      await enrollFromRequiredPage(page, 'bob');
      await logOut(page);
      await logIn(page, 'bob');
      await page.waitForURL(/\/login\/2fa$/);
      await enterCode(page, await codes.get('bob')!.next());
      await page.waitForURL(/\/account$/);
      const enabled = await sink.waitFor('bob@example.test', /turned on/);
      expect(enabled.text).toContain('Account: bob on Twofold (127.0.0.1, port');
    });

    it('reminds at each sign-in during the grace period and allows only enrollment after it', async () => {
      // Changing the policy needs a step-up from the last 10 minutes (the suite may be slower than that).
      expect((await admin.stepUp('root password')).status).toBe(200);
      const set = await admin.call('PUT', '/policy/user', {
        required: true,
        graceDays: 14,
        reason: 'baseline for all staff',
      });
      expect(set.status).toBe(200);
      const page = await newPage();
      await logIn(page, 'carol');
      await page.waitForURL(/\/account$/);
      const reminder = page.getByRole('status');
      await expect(reminder.textContent()).resolves.toMatch(
        /requires two-factor authentication\. Set it up under Account Security by \w+ \d{1,2}, \d{4};/,
      );
      await logOut(page);
      await logIn(page, 'carol');
      await page.waitForURL(/\/account$/);
      await expect(page.getByRole('status').textContent()).resolves.toMatch(/requires two-factor/);
      await logOut(page);

      // The deadline passes: carol can sign in, but only to enroll.
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await admin.call('PUT', '/policy/user', {
        required: true,
        graceUntil: yesterday,
        reason: 'deadline reached',
      });
      await logIn(page, 'carol');
      await page.waitForURL(REQUIRED);
      await page.getByText('the time to set it up has passed').waitFor();
      await page.goto(`${server.baseUrl}/account`);
      await page.waitForURL(REQUIRED);
      await enrollFromRequiredPage(page, 'carol');
      await page.goto(`${server.baseUrl}/account`);
      await page.waitForURL(/\/account$/);
      expect(await page.getByRole('status').count()).toBe(0);
      await admin.call('PUT', '/policy/user', { required: false, reason: 'end of the browser test' });
    });

    it('asks a revoked trusted device for the code again', async () => {
      const page = await newPage();
      await logIn(page, 'dave');
      await page.waitForURL(/\/login\/2fa$/);
      await enterCode(page, await codes.get('dave')!.next(), true);
      await page.waitForURL(/\/account$/);
      const mail = await sink.waitFor('dave@example.test', /new device/);
      expect(mail.text).toContain('A new device (Chrome on Linux) was trusted on your account');
      expect(mail.text).toContain('From: address 127.0.0.1, Chrome on Linux');
      expect(mail.text).toContain('revoke the device');

      // Trusted: the password alone is enough on this browser.
      await logOut(page);
      await logIn(page, 'dave');
      await page.waitForURL(/\/account$/);

      const daveId = await admin.userId('dave');
      const devices = await admin.call<{ devices: { id: string; name: string }[] }>(
        'GET',
        `/users/${daveId}/devices`,
      );
      expect(devices.body.devices.map((d) => d.name)).toEqual(['Chrome on Linux']);
      const revoked = await admin.call('DELETE', `/users/${daveId}/devices/${devices.body.devices[0]!.id}`, {
        reason: 'laptop left on a train, ticket 5004',
      });
      expect(revoked.status).toBe(200);
      await logOut(page);
      await logIn(page, 'dave');
      await page.waitForURL(/\/login\/2fa$/);
      await enterCode(page, await codes.get('dave')!.next());
      await page.waitForURL(/\/account$/);

      const history = await admin.call<{ signIns: { factor: string }[] }>(
        'GET',
        `/users/${daveId}/sign-ins?limit=3`,
      );
      expect(history.body.signIns.map((s) => s.factor)).toEqual(['totp', 'trusted-device', 'totp']);
      expect(a11y).toEqual({ required: [] });
    });
  },
);
