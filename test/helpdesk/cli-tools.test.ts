import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-bin';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { twofold, type CliResult } from './support/cli';
import { CodeSource } from './support/codes';
import { withServerDb } from './support/server-db';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

const PASSWORDS: Record<string, string> = {
  root: 'root-password-1234',
  desk: 'desk-password-1234',
  alice: 'alice-password-1234',
  bob: 'bob-password-1234',
  carol: 'carol-password-1234',
};

/**
 * `twofold admin temp-code | reset-2fa | devices --revoke | history | policy | verify-caller`
 * as real CLI processes against the real server, with its email going to a real SMTP server.
 */
describe.skipIf(skipReason('help desk CLI tools', noKeychain))(
  "twofold admin: the help desk's gentler tools",
  // Each command is a tsx start-up (over a second of CPU alone); on a busy two-core machine far more.
  { timeout: 120_000 },
  () => {
    let server: RunningServer;
    let sink: SmtpSink;
    let home: string;
    const desk = ['--profile', 'desk'];
    const root = ['--profile', 'root'];
    const codes = new Map<string, CodeSource>();

    const enroll = async (login: string) => {
      const web = new WebUser(server.baseUrl);
      expect(await web.login(login, PASSWORDS[login]!)).toBe('/account');
      await web.enableTwofa(PASSWORDS[login]!, async (secret) => {
        codes.set(login, new CodeSource(secret));
        return codes.get(login)!.next();
      });
    };
    const as = (args: string[], stdin = '') => twofold(home, ['admin', ...args], stdin);
    /** A caller check passed with `twofold admin check` (a right code from the user's authenticator). */
    const callerCheck = async (login: string): Promise<string> => {
      const checked = await as(['check', login, '--code', await codes.get(login)!.next(), ...desk]);
      expect(checked.code, checked.stderr).toBe(0);
      const id = /pass --caller-check (\d+)/.exec(checked.stdout)?.[1];
      expect(id, checked.stdout).toBeDefined();
      return id!;
    };
    const refused = (result: CliResult, message: RegExp) => {
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
    };

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'twofold-helpdesk-tools-'));
      await writeFile(join(home, 'smtp-password'), 'smtp secret 123');
      sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 123' });
      server = await startServer({ env: smtpEnv(sink, join(home, 'smtp-password')) });
      for (const [login, role] of [
        ['root', 'admin'],
        ['desk', 'helpdesk'],
        ['alice', 'user'],
        ['bob', 'user'],
        ['carol', 'user'],
      ] as const) {
        await server.addUser({
          login,
          name: `${login} Example`,
          role,
          password: PASSWORDS[login]!,
          email: `${login}@example.test`,
        });
      }
      await Promise.all([enroll('alice'), enroll('carol')]);
      for (const [login, profile] of [
        ['desk', desk],
        ['root', root],
      ] as const) {
        const signedIn = await as(
          ['login', '--server', server.baseUrl, '--login', login, '--password-stdin', ...profile],
          PASSWORDS[login],
        );
        expect(signedIn.code, signedIn.stderr).toBe(0);
      }
    }, 180_000);

    afterAll(async () => {
      await server?.stop();
      await sink?.close();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it('reset-2fa, disable-2fa, temp-code: a proof the server accepts, or refused (issue 25)', async () => {
      const reset = ['reset-2fa', 'carol', '--reason', 'new phone, ticket 11', '--password-stdin', ...desk];
      refused(
        await as(reset, PASSWORDS.desk),
        /give a proof of the caller's identity.*caller check passed in the last 15 minutes or a second staff member's approval/,
      );
      refused(
        await as([...reset, '--in-person', 'passport seen at reception'], PASSWORDS.desk),
        /does not accept in person, identity document seen/,
      );
      refused(await as([...reset, '--caller-check', '1', '--approval', '2']), /give one proof/);

      // Four-eyes: desk asks, cannot approve it, root approves, desk uses it once.
      const asked = await as([
        'request-approval',
        'carol',
        '--action',
        'disable-2fa',
        '--reason',
        'lost phone, ticket 12',
        ...desk,
      ]);
      expect(asked.code, asked.stderr).toBe(0);
      const requestId = asked.stdout.trim();
      expect(requestId).toMatch(/^\d+$/);
      expect(asked.stderr).toContain(`twofold admin approvals --approve ${requestId}`);
      refused(
        await as(['approvals', '--approve', requestId, '--password-stdin', ...desk], PASSWORDS.desk),
        /cannot approve your own request/,
      );
      const listed = await as(['approvals', ...root]);
      expect(listed.stdout).toMatch(new RegExp(`${requestId}\\s+waiting\\s+disable-2fa\\s+carol\\s+desk`));
      const approved = await as(
        ['approvals', '--approve', requestId, '--password-stdin', ...root],
        PASSWORDS.root,
      );
      expect(approved.code, approved.stderr).toBe(0);
      expect(approved.stdout).toContain(`Approved request ${requestId}: desk may turn off 2FA for carol`);
      const disable = [
        'disable-2fa',
        'carol',
        '--reason',
        'lost phone, ticket 12',
        '--approval',
        requestId,
        '--password-stdin',
        ...desk,
      ];
      const off = await as(disable, PASSWORDS.desk);
      expect(off.code, off.stderr).toBe(0);
      expect(off.stdout).toContain('2FA is now off for carol Example');
      await enroll('carol');
      refused(await as(disable, PASSWORDS.desk), /Approval #\d+ cannot be used/);

      // An admin's account: the help desk cannot approve for it.
      await server.addUser({ login: 'ops', name: 'Ops Admin', role: 'admin', password: 'ops password 123' });
      const forAdmin = await as([
        'request-approval',
        'ops',
        '--action',
        'reset-2fa',
        '--reason',
        'new phone, ticket 13',
        ...root,
      ]);
      expect(forAdmin.code, forAdmin.stderr).toBe(0);
      refused(
        await as(
          ['approvals', '--approve', forAdmin.stdout.trim(), '--password-stdin', ...desk],
          PASSWORDS.desk,
        ),
        /must be approved by an administrator/,
      );

      // In person, once the policy accepts it; help-desk accounts wait out a cooldown, which can be cancelled.
      const policy = await as(
        [
          'policy',
          '--role',
          'helpdesk',
          '--proofs',
          'caller-check,four-eyes,in-person',
          '--cooldown-minutes',
          '45',
          '--reason',
          'front desk checks badges',
          '--password-stdin',
          ...root,
        ],
        PASSWORDS.root,
      );
      expect(policy.code, policy.stderr).toBe(0);
      expect(policy.stdout).toMatch(/helpdesk\s+caller-check, four-eyes, in-person\s+45 min\s+root/);
      const waiting = await as(
        [
          'reset-2fa',
          'desk',
          '--reason',
          'new phone, ticket 14',
          '--in-person',
          'staff badge and passport seen',
          '--password-stdin',
          ...root,
        ],
        PASSWORDS.root,
      );
      expect(waiting.code, waiting.stderr).toBe(0);
      const pendingId = /pending action (\d+)/.exec(waiting.stdout)?.[1];
      expect(waiting.stdout).toMatch(/^Waiting: this takes effect at /);
      const pending = await as(['pending', '--json', ...root]);
      expect(JSON.parse(pending.stdout)).toContainEqual(
        expect.objectContaining({
          id: Number(pendingId),
          state: 'pending',
          login: 'desk',
          proof: 'in person, identity document seen: staff badge and passport seen',
        }),
      );
      const cancelled = await as([
        'pending',
        '--cancel',
        pendingId!,
        '--reason',
        'found the phone after all',
        ...root,
      ]);
      expect(cancelled.stdout).toContain(`Pending action ${pendingId} is cancelled`);
      expect((await as(['pending', '--json', ...root])).stdout).toContain('"state": "cancelled"');
    });

    it('temp-code: refuses without a reason, on an admin, with a lifetime out of range', async () => {
      refused(await as(['temp-code', 'alice', ...desk]), /--reason with at least 10 characters/);
      refused(
        await as(['temp-code', 'alice', '--reason', 'lost phone', '--lifetime', '9h', ...desk]),
        /--lifetime must be from 10m to 8h/,
      );
      refused(
        await as(['temp-code', 'alice', '--reason', 'lost phone', '--uses', '0', ...desk]),
        /--uses must be a whole number from 1 to 10/,
      );
      refused(
        await as(
          ['temp-code', 'root', '--reason', 'lost phone, ticket 1', '--password-stdin', ...desk],
          PASSWORDS.desk,
        ),
        /help desk can act on user accounts only/,
      );
      refused(
        await as(
          ['temp-code', 'bob', '--reason', 'lost phone, ticket 1', '--password-stdin', ...desk],
          PASSWORDS.desk,
        ),
        /does not use two-factor authentication/,
      );
    });

    it('temp-code: works once for sign-in, leads to enrollment, is refused a second time and when expired', async () => {
      const issued = await as(
        [
          'temp-code',
          'alice',
          '--reason',
          'lost phone, ticket 2',
          '--lifetime',
          '1h',
          '--uses',
          '1',
          '--caller-check',
          await callerCheck('alice'),
          '--password-stdin',
          ...desk,
        ],
        PASSWORDS.desk,
      );
      expect(issued.stderr).toBe('');
      expect(issued.code).toBe(0);
      const code = /: ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})$/m.exec(issued.stdout)?.[1];
      expect(code, issued.stdout).toBeDefined();
      expect(issued.stdout).toContain('for one sign-in');
      await sink.waitFor('alice@example.test', /temporary sign-in code/);

      const first = new WebUser(server.baseUrl);
      expect(await first.login('alice', PASSWORDS.alice!)).toBe('/login/2fa');
      expect(await first.secondStep(code!)).toBe('/account/security/required');
      // A second use of the one-time code is refused.
      const second = new WebUser(server.baseUrl);
      expect(await second.login('alice', PASSWORDS.alice!)).toBe('/login/2fa');
      expect(await second.secondStep(code!)).toBeNull();

      // An expired code is refused too.
      const short = await as(
        [
          'temp-code',
          'alice',
          '--reason',
          'second try, ticket 2',
          '--lifetime',
          '10m',
          '--json',
          '--caller-check',
          await callerCheck('alice'),
          '--password-stdin',
          ...desk,
        ],
        PASSWORDS.desk,
      );
      expect(short.code, short.stderr).toBe(0);
      const expiring = JSON.parse(short.stdout) as { id: number; code: string };
      withServerDb(server.dbPath, (db) =>
        db.prepare('UPDATE temp_codes SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, expiring.id),
      );
      const third = new WebUser(server.baseUrl);
      expect(await third.login('alice', PASSWORDS.alice!)).toBe('/login/2fa');
      expect(await third.secondStep(expiring.code)).toBeNull();

      const listed = await as(['temp-code', 'alice', '--list', '--json', ...desk]);
      expect(listed.code, listed.stderr).toBe(0);
      const states = (JSON.parse(listed.stdout) as { state: string; createdBy: string }[]).map(
        (c) => c.state,
      );
      expect(states).toEqual(['expired', 'used']);
      expect(listed.stdout).not.toContain(code!);
      const table = await as(['temp-code', 'alice', '--list', ...desk]);
      expect(table.stdout).toMatch(/STATE\s+USES/);
    });

    it('verify-caller: emails a code, asks for what the caller reads back, and reset-2fa records it', async () => {
      const child = spawn(
        process.execPath,
        [resolve(ROOT, 'bin/twofold.mjs'), 'admin', 'verify-caller', 'alice', ...desk],
        {
          cwd: ROOT,
          env: { ...process.env, TWOFOLD_HOME: home },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((done) => child.on('close', done));
      const mail = await sink.waitFor('alice@example.test', /confirmation code for the help desk/, 60_000);
      const code = /Read this code back to them: (\d{6})/.exec(mail.text)?.[1];
      expect(code).toBeDefined();
      // First a misheard code, then the right one.
      child.stdin.write(`${code === '000000' ? '111111' : '000000'}\n${code}\n`);
      child.stdin.end();
      expect(await exited).toBe(0);
      expect(stderr).toContain('A code was emailed to a…e@example.test');
      expect(stderr).toContain('That code does not match');
      const checkId = /pass --caller-check (\d+)/.exec(stdout)?.[1];
      expect(stdout).toMatch(/^matched: the caller can read alice's email/);

      refused(await as(['reset-2fa', 'alice', ...desk]), /--reason/);
      refused(
        await as(
          ['reset-2fa', 'root', '--reason', 'lost phone, ticket 3', '--password-stdin', ...desk],
          PASSWORDS.desk,
        ),
        /help desk can act on user accounts only/,
      );
      const reset = await as(
        [
          'reset-2fa',
          'alice',
          '--reason',
          'lost phone, ticket 3',
          '--caller-check',
          checkId!,
          '--password-stdin',
          ...desk,
        ],
        PASSWORDS.desk,
      );
      expect(reset.stderr).toBe('');
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('must set up a new authenticator');
      const web = new WebUser(server.baseUrl);
      expect(await web.login('alice', PASSWORDS.alice!)).toBe('/account/security/required');

      const audit = await as(['audit', '--action', 'user.2fa.reset', '--json', ...desk]);
      expect(JSON.parse(audit.stdout)).toContainEqual(
        expect.objectContaining({
          actor: 'desk',
          target: 'alice',
          reason: 'lost phone, ticket 3',
          proof: expect.stringMatching(/^caller check #\d+: an emailed code read back/),
        }),
      );
      const issuedAudit = await as(['audit', '--action', 'user.temporary-code.issue', '--json', ...desk]);
      expect(JSON.parse(issuedAudit.stdout)).toContainEqual(
        expect.objectContaining({ actor: 'desk', target: 'alice', reason: 'lost phone, ticket 2' }),
      );
    });

    it('devices --revoke ID: one trusted device goes, with a reason; history shows the factors', async () => {
      const browser = new WebUser(server.baseUrl);
      expect(await browser.login('carol', PASSWORDS.carol!)).toBe('/login/2fa');
      expect(await browser.secondStep(await codes.get('carol')!.next(), true)).toBe('/account');
      browser.signOut((name) => name.endsWith('twofold_trusted'));
      expect(await browser.login('carol', PASSWORDS.carol!)).toBe('/account');

      const listed = await as(['devices', 'carol', '--json', ...desk]);
      expect(listed.code, listed.stderr).toBe(0);
      const { devices } = JSON.parse(listed.stdout) as {
        devices: { id: string; address: string; lastSeenAt: string; createdAt: string }[];
      };
      expect(devices).toHaveLength(1);
      expect(devices[0]?.address).toBe('127.0.0.1');
      const table = await as(['devices', 'carol', ...desk]);
      expect(table.stdout).toMatch(/LAST SEEN\s+ADDRESS/);

      refused(await as(['devices', 'carol', '--revoke', devices[0]!.id, ...desk]), /--reason/);
      refused(
        await as([
          'devices',
          'carol',
          '--revoke',
          devices[0]!.id,
          '--revoke-all',
          '--reason',
          'both at once',
          ...desk,
        ]),
        /not both/,
      );
      const revoked = await as([
        'devices',
        'carol',
        '--revoke',
        devices[0]!.id,
        '--reason',
        'laptop stolen, ticket 4',
        ...desk,
      ]);
      expect(revoked.stderr).toBe('');
      expect(revoked.stdout).toContain(`Device ${devices[0]!.id} of carol Example (carol) revoked`);
      browser.signOut((name) => name.endsWith('twofold_trusted'));
      expect(await browser.login('carol', PASSWORDS.carol!)).toBe('/login/2fa');

      const history = await as(['history', 'carol', '--json', ...desk]);
      const factors = (JSON.parse(history.stdout) as { factor: string; result: string }[]).map(
        (s) => `${s.result}:${s.factor}`,
      );
      expect(factors.slice(0, 3)).toEqual(['ok:trusted-device', 'ok:totp', 'ok:password']);
      const text = await as(['history', 'carol', ...desk]);
      expect(text.stdout).toMatch(/RESULT\s+FACTOR\s+ADDRESS/);
      expect(text.stdout).toContain('trusted-device');
    });

    it('policy: read by the help desk, changed by administrators only', async () => {
      refused(
        await as(['policy', '--role', 'user', '--require', '--grace-days', '14', ...desk]),
        /Your role does not allow this/,
      );
      refused(await as(['policy', '--require', ...root]), /--role/);
      // A new session has no fresh password check: without the password nothing changes.
      const again = ['login', '--server', server.baseUrl, '--login', 'root', '--password-stdin', ...root];
      expect((await as(again, PASSWORDS.root)).code).toBe(0);
      const change = ['policy', '--role', 'user', '--require', '--grace-days', '14'];
      refused(await as([...change, ...root]), /needs your password again: pass it with --password-stdin/);
      refused(
        await as(['policy', '--role', 'admin', '--proofs', 'in-person', '--cooldown-minutes', '0', ...root]),
        /needs your password again: pass it with --password-stdin/,
      );
      const before = JSON.parse((await as(['policy', '--json', ...desk])).stdout) as {
        policies: { role: string; required: boolean }[];
        resetPolicies: { role: string; proofs: string[] }[];
      };
      expect(before.policies.find((p) => p.role === 'user')?.required).toBe(false);
      expect(before.resetPolicies.find((p) => p.role === 'admin')?.proofs).toEqual(['four-eyes']);
      const set = await as([...change, '--password-stdin', ...root], PASSWORDS.root);
      expect(set.stderr).toBe('');
      expect(set.code).toBe(0);
      expect(set.stdout).toMatch(/user\s+required\s+14 days\s+root/);
      // Bob never enrolled and alice was reset: both are listed with their deadline.
      expect(set.stdout).toMatch(/2 without 2FA/);
      const read = await as(['policy', '--json', ...desk]);
      const policy = JSON.parse(read.stdout) as { outOfCompliance: { users: { login: string }[] } };
      expect(policy.outOfCompliance.users.map((u) => u.login).sort()).toEqual(['alice', 'bob']);
    });
  },
);
