import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { ApiClient } from '../server/helpers/api-client';
import { twofold } from './support/cli';
import { CodeSource, nextStep } from './support/codes';
import { lockAccount } from './support/server-db';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

const ROOT_PASSWORD = 'root-password-1234';
const ALICE_PASSWORD = 'alice-password-1234';

interface JsonUser {
  login: string;
  role: string;
  locked: boolean;
  twofa: { enabled: boolean };
}

describe.skipIf(skipReason('help desk CLI story', noKeychain))(
  'twofold admin: the help-desk story from the CLI',
  // Each command is a tsx start-up (over a second of CPU alone); on a busy two-core machine far more.
  { timeout: 90_000 },
  () => {
    let server: RunningServer;
    let home: string;
    let vault: string;
    let alice: CodeSource;
    const profile = ['--profile', 'story'];

    beforeAll(async () => {
      server = await startServer();
      home = await mkdtemp(join(tmpdir(), 'twofold-helpdesk-cli-'));
      vault = join(home, 'vault.twofold');
      await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: ROOT_PASSWORD });
      await server.addUser({ login: 'alice', name: 'Alice Example', role: 'user', password: ALICE_PASSWORD });
      await server.addUser({
        login: 'bob',
        name: 'Bob Builder',
        role: 'user',
        password: 'bob-password-1234',
      });
      await server.addUser({
        login: 'carol',
        name: 'Carol Jones',
        role: 'user',
        password: 'carol-password-1234',
      });
      // Alice enrolls the way the seed describes, on the server's own pages.
      const web = new WebUser(server.baseUrl);
      expect(await web.login('alice', ALICE_PASSWORD)).toBe('/account');
      let source: CodeSource | undefined;
      const secret = await web.enableTwofa(ALICE_PASSWORD, async (found) => {
        source = new CodeSource(found);
        return source.next();
      });
      alice = source ?? new CodeSource(secret);
    }, 60_000);

    afterAll(async () => {
      await server?.stop();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it('signs in, enrolls the admin into the vault, and signs in again with the vault code', async () => {
      const login = await twofold(
        home,
        ['admin', 'login', '--server', server.baseUrl, '--login', 'root', '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(login.stderr).toBe('');
      expect(login.stdout).toContain('Signed in to');
      expect(login.code).toBe(0);
      // root has no 2FA yet: every sign-in says so, with the way to turn it on.
      expect(login.stdout).toContain('Your account root has no two-factor authentication');
      expect(login.stdout).toContain('twofold admin enroll-self --profile story');
      const loginAgain = await twofold(
        home,
        ['admin', 'login', '--server', server.baseUrl, '--login', 'root', '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(loginAgain.stdout).toContain('Your account root has no two-factor authentication');

      const enroll = await twofold(
        home,
        ['admin', 'enroll-self', '--vault', vault, '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(enroll.stderr).toBe('');
      expect(enroll.code).toBe(0);
      expect(enroll.stdout).toContain('2FA is on for root');
      expect(enroll.stdout).toMatch(/Recovery codes/);

      // Without a code the server now refuses the admin's password alone.
      const noCode = await twofold(
        home,
        ['admin', 'login', '--server', server.baseUrl, '--login', 'root', '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(noCode.code).toBe(2);
      expect(noCode.stderr).toMatch(/--code/);

      // The enrollment spent this step's code; a person would wait for the next one.
      await nextStep();
      const again = await twofold(
        home,
        [
          'admin',
          'login',
          '--server',
          server.baseUrl,
          '--login',
          'root',
          '--password-stdin',
          '--code-from-vault',
          '--vault',
          vault,
          ...profile,
        ],
        ROOT_PASSWORD,
      );
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      // Enrolled: the sign-in no longer asks for it.
      expect(again.stdout).toContain('Signed in to');
      expect(again.stdout).not.toContain('no two-factor authentication');
    }, 90_000);

    it('finds users by search and by filter', async () => {
      const enabled = await twofold(home, ['admin', 'users', '--twofa', 'enabled', '--json', ...profile]);
      expect(enabled.code).toBe(0);
      const logins = (JSON.parse(enabled.stdout) as { users: JsonUser[] }).users.map((u) => u.login).sort();
      expect(logins).toEqual(['alice', 'root']);

      const search = await twofold(home, ['admin', 'users', '--search', 'ali', '--json', ...profile]);
      const found = JSON.parse(search.stdout) as { users: JsonUser[]; total: number };
      expect(found.total).toBe(1);
      expect(found.users[0]?.login).toBe('alice');

      const table = await twofold(home, ['admin', 'users', ...profile]);
      expect(table.stdout).toMatch(/alice\s+Alice Example\s+user\s+on/);
      expect(table.stdout).toMatch(/4 users · page 1 of 1/);
    });

    let callerCheckId = '';
    it('verifies a code the caller reads out: right and wrong', async () => {
      const right = await twofold(home, [
        'admin',
        'check',
        'alice',
        '--code',
        await alice.next(),
        '--json',
        ...profile,
      ]);
      expect(right.stderr).toBe('');
      // A right code is a caller check passed: the proof the disable below rests on (issue 25).
      const checked = JSON.parse(right.stdout) as { login: string; valid: boolean; callerCheckId: number };
      expect(checked).toEqual({ login: 'alice', valid: true, callerCheckId: expect.any(Number) });
      callerCheckId = String(checked.callerCheckId);
      const wrong = await twofold(home, ['admin', 'check', 'alice', '--code', '000000', ...profile]);
      expect(wrong.stdout).toContain('invalid');
      expect(wrong.code).toBe(1);
      expect(right.code).toBe(0);
    });

    it("lists a user's trusted devices and revokes them all: the next sign-in asks for the code again", async () => {
      const browser = new WebUser(server.baseUrl);
      expect(await browser.login('alice', ALICE_PASSWORD)).toBe('/login/2fa');
      expect(await browser.secondStep(await alice.next(), true)).toBe('/account');
      browser.signOut((name) => name === 'twofold_trusted');
      expect(await browser.login('alice', ALICE_PASSWORD)).toBe('/account');

      const listed = await twofold(home, ['admin', 'devices', 'alice', '--json', ...profile]);
      expect(listed.stderr).toBe('');
      const { devices } = JSON.parse(listed.stdout) as { devices: { id: string; createdAt: string }[] };
      expect(devices).toHaveLength(1);

      const noReason = await twofold(home, ['admin', 'devices', 'alice', '--revoke-all', ...profile]);
      expect(noReason.code).toBe(2);
      expect(noReason.stderr).toMatch(/--reason/);
      const revoke = await twofold(home, [
        'admin',
        'devices',
        'alice',
        '--revoke-all',
        '--reason',
        'Laptop stolen, reported by phone',
        ...profile,
      ]);
      expect(revoke.stderr).toBe('');
      expect(revoke.stdout).toContain('1 trusted device(s) of Alice Example (alice) revoked');
      const after = await twofold(home, ['admin', 'devices', 'alice', ...profile]);
      expect(after.stdout).toContain('alice has no trusted devices');

      browser.signOut((name) => name === 'twofold_trusted');
      expect(await browser.login('alice', ALICE_PASSWORD)).toBe('/login/2fa');
    });

    it('says what the server offers', async () => {
      const offers = await twofold(home, ['admin', 'capabilities', '--json', ...profile]);
      expect(offers.stderr).toBe('');
      const { kind, capabilities } = JSON.parse(offers.stdout) as {
        kind: string;
        capabilities: { name: string; offered: boolean; why: string | null }[];
      };
      expect(kind).toBe('twofold');
      for (const name of ['users', 'checkCode', 'disableTwofa', 'unlock', 'serverAudit', 'trustedDevices'])
        expect(capabilities.find((c) => c.name === name)?.offered, name).toBe(true);
    });

    it('disables 2FA with a reason after a password re-check; the user then logs in with the password alone', async () => {
      const short = await twofold(home, ['admin', 'disable-2fa', 'alice', '--reason', 'lost', ...profile]);
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/at least 10 characters/);

      const noPassword = await twofold(home, [
        'admin',
        'disable-2fa',
        'alice',
        '--reason',
        'Lost phone; identity checked by call-back',
        ...profile,
      ]);
      expect(noPassword.code).toBe(2);
      expect(noPassword.stderr).toMatch(/password again/);

      const web = new WebUser(server.baseUrl);
      expect(await web.login('alice', ALICE_PASSWORD)).toBe('/login/2fa');

      const disable = await twofold(
        home,
        [
          'admin',
          'disable-2fa',
          'alice',
          '--reason',
          'Lost phone; identity checked by call-back',
          '--caller-check',
          callerCheckId,
          '--password-stdin',
          ...profile,
        ],
        ROOT_PASSWORD,
      );
      expect(disable.stderr).toBe('');
      expect(disable.stdout).toContain('2FA is now off for Alice Example');

      expect(await new WebUser(server.baseUrl).login('alice', ALICE_PASSWORD)).toBe('/account');
    });

    it('unlocks a locked account with a reason', async () => {
      lockAccount(server.dbPath, 'bob');
      const locked = await twofold(home, ['admin', 'users', '--locked', '--json', ...profile]);
      expect((JSON.parse(locked.stdout) as { users: JsonUser[] }).users.map((u) => u.login)).toEqual(['bob']);
      const unlock = await twofold(
        home,
        ['admin', 'unlock', 'bob', '--reason', 'Called the desk, identity verified', ...profile],
        ROOT_PASSWORD,
      );
      expect(unlock.stderr).toBe('');
      expect(unlock.code).toBe(0);
      const after = await twofold(home, ['admin', 'users', '--locked', '--json', ...profile]);
      expect((JSON.parse(after.stdout) as { users: JsonUser[] }).users).toEqual([]);
    });

    it('shows the actions in the audit log', async () => {
      const audit = await twofold(home, ['admin', 'audit', '--json', ...profile]);
      expect(audit.code).toBe(0);
      const records = JSON.parse(audit.stdout) as {
        actor: string;
        action: string;
        target: string | null;
        reason: string | null;
      }[];
      expect(records).toContainEqual(
        expect.objectContaining({
          actor: 'root',
          action: 'user.2fa.disable',
          target: 'alice',
          reason: 'Lost phone; identity checked by call-back',
        }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({ actor: 'root', action: 'user.unlock', target: 'bob' }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({ actor: 'root', action: 'user.2fa.check', target: 'alice' }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({
          actor: 'root',
          action: 'user.devices.revoke',
          target: 'alice',
          reason: 'Laptop stolen, reported by phone',
        }),
      );
      const filtered = await twofold(home, ['admin', 'audit', '--target', 'bob', '--json', ...profile]);
      const onlyBob = JSON.parse(filtered.stdout) as { target: string }[];
      expect(onlyBob.length).toBeGreaterThan(0);
      expect(onlyBob.every((r) => r.target === 'bob')).toBe(true);
    });

    it('makes new recovery codes for the admin: printed once, as JSON, or into an owner-only file', async () => {
      const needsNew = await twofold(home, ['admin', 'recovery-codes', ...profile]);
      expect(needsNew.code).toBe(2);
      expect(needsNew.stderr).toMatch(/give --new/);

      const printed = await twofold(
        home,
        ['admin', 'recovery-codes', '--new', '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(printed.stderr).toBe('');
      expect(printed.code).toBe(0);
      const lines = printed.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe(`New recovery codes for root on story (${server.baseUrl}):`);
      const first = lines.slice(1, -1).map((line) => line.trim());
      expect(first).toHaveLength(10);
      for (const code of first) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(lines.at(-1)).toBe(
        'Shown once: keep them somewhere only you can read. Each signs you in one time in place of a code; the old codes no longer work.',
      );

      const json = await twofold(
        home,
        ['admin', 'recovery-codes', '--new', '--json', '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(json.stderr).toBe('');
      const made = JSON.parse(json.stdout) as {
        account: string;
        generatedAt: string;
        recoveryCodes: string[];
      };
      expect(made.account).toBe('root');
      expect(made.recoveryCodes).toHaveLength(10);
      expect(made.recoveryCodes).not.toEqual(first);

      const out = join(home, 'codes', 'root.txt');
      const saved = await twofold(
        home,
        ['admin', 'recovery-codes', '--new', '--out', out, '--password-stdin', ...profile],
        ROOT_PASSWORD,
      );
      expect(saved.stderr).toBe('');
      expect(saved.stdout).toBe(
        `10 new recovery codes for root saved to ${out} (readable by you only). Keep that file safe; the old codes no longer work.\n`,
      );
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      const text = await readFile(out, 'utf8');
      expect(text).toMatch(/^Twofold recovery codes for root on story \(http:/);
      const fromFile = text.split('\n').filter((line) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(line));
      expect(fromFile).toHaveLength(10);
      expect(saved.stdout).not.toContain(fromFile[0]);

      // Only the newest set works: an older code is refused, a saved one signs in.
      const api = new ApiClient(server.baseUrl);
      expect((await api.signIn('root', ROOT_PASSWORD, made.recoveryCodes[0])).body.error).toBe(
        'invalid_code',
      );
      expect((await api.signIn('root', ROOT_PASSWORD, fromFile[0])).status).toBe(201);
    });
  },
);
