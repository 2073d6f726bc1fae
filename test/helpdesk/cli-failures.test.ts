import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { ApiClient } from '../server/helpers/api-client';
import { twofold } from './support/cli';
import { CodeSource } from './support/codes';
import { expireApiTokens } from './support/server-db';
import { opensslUnavailable, selfSignedCert, tinyHttpsAdminServer } from './support/tls';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

describe.skipIf(skipReason('help desk CLI failures', noKeychain))(
  'twofold admin: failures say what happened, exit 2',
  // Each command is a tsx start-up (over a second of CPU alone); on a busy two-core machine far more.
  { timeout: 90_000 },
  () => {
    let server: RunningServer;
    let home: string;

    const login = (user: string, password: string, profile: string, url = server.baseUrl) =>
      twofold(
        home,
        ['admin', 'login', '--server', url, '--login', user, '--password-stdin', '--profile', profile],
        password,
      );

    beforeAll(async () => {
      server = await startServer();
      home = await mkdtemp(join(tmpdir(), 'twofold-helpdesk-fail-'));
      await server.addUser({
        login: 'boss',
        name: 'Boss Admin',
        role: 'admin',
        password: 'boss-password-1234',
      });
      await server.addUser({
        login: 'desk',
        name: 'Desk Helper',
        role: 'helpdesk',
        password: 'desk-password-1234',
      });
      await server.addUser({
        login: 'dave',
        name: 'Dave User',
        role: 'user',
        password: 'dave-password-1234',
      });
    }, 60_000);

    afterAll(async () => {
      await server?.stop();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it('refuses a wrong password and a plain user, and saves no profile', async () => {
      const wrong = await login('boss', 'not-the-password', 'wrong');
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/^twofold: Wrong login or password/);
      const user = await login('dave', 'dave-password-1234', 'plain');
      expect(user.code).toBe(2);
      expect(user.stderr).toMatch(/not a help-desk or administrator account/);
      const users = await twofold(home, ['admin', 'users', '--profile', 'wrong']);
      expect(users.stderr).toMatch(/no server profile named "wrong"/);
    });

    it('refuses http:// to another machine before sending anything', async () => {
      const insecure = await login('boss', 'boss-password-1234', 'insecure', 'http://accounts.example.com');
      expect(insecure.code).toBe(2);
      expect(insecure.stderr).toMatch(/only talks to accounts\.example\.com over https/);
    });

    it('the help desk cannot act on an admin, nor on itself', async () => {
      expect((await login('desk', 'desk-password-1234', 'desk')).code).toBe(0);
      const onAdmin = await twofold(home, [
        'admin',
        'unlock',
        'boss',
        '--reason',
        'Trying to unlock the boss',
        '--profile',
        'desk',
      ]);
      expect(onAdmin.code).toBe(2);
      expect(onAdmin.stderr).toMatch(/help desk can act on user accounts only/);
      const onSelf = await twofold(home, [
        'admin',
        'unlock',
        'desk',
        '--reason',
        'Trying to unlock myself',
        '--profile',
        'desk',
      ]);
      expect(onSelf.code).toBe(2);
      expect(onSelf.stderr).toMatch(/your own account/);
      const onUser = await twofold(
        home,
        [
          'admin',
          'unlock',
          'dave',
          '--reason',
          'Dave called, all verified',
          '--profile',
          'desk',
          // Unlocking needs the password again (an identity check), like disabling 2FA.
          '--password-stdin',
        ],
        'desk-password-1234',
      );
      expect(onUser.stderr).toBe('');
      expect(onUser.code).toBe(0);
    });

    it('a temporary access code, and an account that must enroll, are named with where to sign in', async () => {
      await server.addUser({
        login: 'erin',
        name: 'Erin Desk',
        role: 'helpdesk',
        password: 'erin-password-1234',
      });
      const web = new WebUser(server.baseUrl);
      expect(await web.login('erin', 'erin-password-1234')).toBe('/account');
      let erinCodes: CodeSource | undefined;
      await web.enableTwofa('erin-password-1234', async (secret) => {
        erinCodes = new CodeSource(secret);
        return erinCodes.next();
      });
      const boss = new ApiClient(server.baseUrl);
      expect((await boss.signIn('boss', 'boss-password-1234')).status).toBe(201);
      expect((await boss.stepUp('boss-password-1234')).status).toBe(200);
      const erinId = await boss.userId('erin');
      // Help-desk accounts wait out a cooldown by default; here they take effect at once.
      expect(
        (
          await boss.call('PUT', '/reset-policy/helpdesk', {
            proofs: ['caller-check', 'four-eyes'],
            cooldownMinutes: 0,
          })
        ).status,
      ).toBe(200);
      // A right code from erin's authenticator is the caller check both actions rest on (issue 25).
      const proof = await boss.callerCheck(erinId, await erinCodes!.next());
      const issued = await boss.call<{ code: string }>('POST', `/users/${erinId}/temporary-codes`, {
        ...proof,
        reason: 'Lost phone, ticket 77',
        lifetimeMinutes: 60,
        uses: 1,
      });
      expect(issued.status).toBe(201);

      const withTemporary = await twofold(
        home,
        [
          'admin',
          'login',
          '--server',
          server.baseUrl,
          '--login',
          'erin',
          '--password-stdin',
          '--code',
          issued.body.code,
          '--profile',
          'erin',
        ],
        'erin-password-1234',
      );
      expect(withTemporary.stderr).toBe(
        `twofold: This is a temporary access code: sign in at ${server.baseUrl}/login, where you will set up a new authenticator.\n`,
      );
      expect(withTemporary.code).toBe(2);
      // Not spent: it still signs in on the web pages, which lead to a new authenticator.
      const browser = new WebUser(server.baseUrl);
      expect(await browser.login('erin', 'erin-password-1234')).toBe('/login/2fa');
      expect(await browser.secondStep(issued.body.code)).toBe('/account/security/required');

      // After a reset the account must enroll before anything else: the sign-in says so, and where.
      expect(
        (await boss.call('POST', `/users/${erinId}/2fa/reset`, { reason: 'New phone, ticket 78', ...proof }))
          .status,
      ).toBe(200);
      const mustEnroll = await login('erin', 'erin-password-1234', 'erin');
      expect(mustEnroll.stderr).toBe(
        `twofold: This account must set up two-factor authentication first: sign in at ${server.baseUrl}/login\n`,
      );
      expect(mustEnroll.code).toBe(2);
      expect(mustEnroll.stdout).toBe('');
    });

    it('an expired token asks to sign in again, and nothing is changed', async () => {
      expect((await login('boss', 'boss-password-1234', 'expiring')).code).toBe(0);
      expireApiTokens(server.dbPath);
      const after = await twofold(home, [
        'admin',
        'unlock',
        'dave',
        '--reason',
        'Should not happen at all',
        '--profile',
        'expiring',
      ]);
      expect(after.code).toBe(2);
      expect(after.stderr).toMatch(/session has ended.*twofold admin login/);
      // The refused token was dropped: the next command says so without asking the server.
      const next = await twofold(home, ['admin', 'users', '--profile', 'expiring']);
      expect(next.stderr).toMatch(/Not signed in to expiring/);
    });

    it('a server stopped mid-session is reported as down', async () => {
      const second = await startServer();
      try {
        await second.addUser({
          login: 'eve',
          name: 'Eve Admin',
          role: 'admin',
          password: 'eve-password-1234',
        });
        expect((await login('eve', 'eve-password-1234', 'stopping', second.baseUrl)).code).toBe(0);
        expect((await twofold(home, ['admin', 'users', '--profile', 'stopping'])).code).toBe(0);
      } finally {
        await second.stop();
      }
      const down = await twofold(home, ['admin', 'users', '--profile', 'stopping']);
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(
        /^twofold: Cannot reach http:\/\/127\.0\.0\.1:\d+\. Check the address and that the server is running/,
      );
    });
  },
);

describe.skipIf(skipReason('help desk TLS', noKeychain ?? opensslUnavailable()))(
  'twofold admin: certificates',
  { timeout: 90_000 },
  () => {
    let dir: string;
    let tls: { url: string; close: () => Promise<void> };
    let certFile: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'twofold-helpdesk-tls-'));
      const cert = selfSignedCert(dir);
      certFile = cert.certFile;
      tls = await tinyHttpsAdminServer(cert);
    });

    afterAll(async () => {
      await tls?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refuses an untrusted certificate, then connects with the CA file in the profile', async () => {
      const args = [
        'admin',
        'login',
        '--server',
        tls.url,
        '--login',
        'root',
        '--password-stdin',
        '--profile',
        'private-ca',
      ];
      const untrusted = await twofold(dir, args, 'whatever-password');
      expect(untrusted.code).toBe(2);
      expect(untrusted.stderr).toMatch(
        /did not connect to https:\/\/127\.0\.0\.1:\d+: its certificate is not signed by an authority this computer trusts/,
      );

      const trusted = await twofold(dir, [...args, '--ca-file', certFile], 'whatever-password');
      expect(trusted.stderr).toBe('');
      expect(trusted.code).toBe(0);
      // The CA stays with the profile: later commands trust it without being told again.
      const users = await twofold(dir, ['admin', 'users', '--profile', 'private-ca']);
      expect(users.stderr).toBe('');
      expect(users.stdout).toContain('0 users');
    });
  },
);
