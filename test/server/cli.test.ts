// Store-dependent: the PostgreSQL pass runs this file too.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-bin';
import { runServerCli, startServer, type RunningServer } from '../support/server-process';
import { smtpEnv, startSmtpSink } from '../support/smtp-sink';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

describe('twofold-server CLI', { timeout: 90_000 }, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  it('serves /healthz on the port it printed', async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('adds users from a password on stdin and lists them without secrets', async () => {
    await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'correct horse' });
    const list = await runServerCli(['user', 'list', '--db', server.dbPath]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/root\s+Root Admin\s+admin\s+off\s+no/);
    expect(list.stdout).not.toContain('scrypt');
  }, 60_000);

  it('refuses bad input with one line and exit status 2, changing nothing', async () => {
    const add = (login: string, extra: string[], stdin: string) =>
      runServerCli(
        ['user', 'add', '--login', login, '--name', 'N', ...extra, '--password-stdin', '--db', server.dbPath],
        {
          stdin,
        },
      );
    const [duplicate, badRole, shortPassword, badLogin] = await Promise.all([
      add('root', [], 'another password'),
      add('x', ['--role', 'god'], 'long enough'),
      add('y', [], 'short'),
      add("o'brien; --", [], 'long enough'),
    ]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr.trim()).toBe('twofold-server: a user with the login "root" already exists.');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of user, helpdesk, admin');
    expect(shortPassword.code).toBe(2);
    expect(shortPassword.stderr).toContain('the password must be 8 to 1024 characters');
    expect(badLogin.code).toBe(2);
    const list = await runServerCli(['user', 'list', '--db', server.dbPath]);
    expect(list.stdout.trim().split('\n')).toHaveLength(2);
  }, 60_000);

  it('answers /readyz while its database is reachable', async () => {
    const response = await fetch(`${server.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true });
  });

  it('refuses a --db or TWOFOLD_SERVER_DB URL that is neither a path nor PostgreSQL, creating nothing', async () => {
    const byOption = await runServerCli(['user', 'list', '--db', 'mysql://db.example/twofold']);
    expect(byOption.code).toBe(2);
    expect(byOption.stderr.trim()).toBe(
      'twofold-server: --db takes a SQLite file path or a postgres:// (postgresql://) URL, not a mysql:// URL.',
    );
    const byEnv = await runServerCli(['serve', '--port', '0'], {
      env: { TWOFOLD_SERVER_DB: 'sqlite:///var/lib/twofold.db' },
    });
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toContain('not a sqlite:// URL');
    // Once, such a URL became a folder named after its scheme in the working directory.
    expect(existsSync(join(ROOT, 'mysql:'))).toBe(false);
    expect(existsSync(join(ROOT, 'sqlite:'))).toBe(false);
  });

  it('refuses a port that is not a number', async () => {
    const result = await runServerCli(['serve', '--port', 'eighty', '--db', `${server.dbPath}.unused`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a number');
  });

  it('rescues an account from the server machine: disable 2FA, new password, unlock — all audited', async () => {
    await server.addUser({ login: 'frank', name: 'Frank Example', role: 'user', password: 'frank password' });
    const web = new WebClient(server.baseUrl);
    await web.login('frank', 'frank password');
    await web.enableTwoFactor('frank password', (secret) => CodeSource.of(secret).next());
    await web.logout();
    expect(await web.login('frank', 'frank password')).toBe('/login/2fa');

    const db = ['--db', server.dbPath];
    const short = await runServerCli(['user', 'disable-2fa', '--login', 'frank', '--reason', 'lost', ...db]);
    expect(short.code).toBe(2);
    const disabled = await runServerCli([
      'user',
      'disable-2fa',
      '--login',
      'frank',
      '--reason',
      'Lost phone, ticket 42',
      ...db,
    ]);
    expect(disabled.code).toBe(0);
    expect((await web.get('/login/2fa')).location).toBe('/login');
    expect(await web.login('frank', 'frank password')).toBe('/account');

    const passwd = await runServerCli(['user', 'passwd', '--login', 'frank', '--password-stdin', ...db], {
      stdin: 'a brand new password\n',
    });
    expect(passwd.code).toBe(0);
    expect((await web.get('/account')).location).toBe('/login');
    expect(await web.login('frank', 'frank password')).toBeNull();
    expect(await web.login('frank', 'a brand new password')).toBe('/account');

    const unlock = await runServerCli(['user', 'unlock', '--login', 'nobody', '--reason', 'x', ...db]);
    expect(unlock.stderr.trim()).toBe('twofold-server: there is no user with the login "nobody".');

    const admin = new ApiClient(server.baseUrl);
    await admin.signIn('root', 'correct horse');
    const audit = await admin.call<{ records: { action: string; actor: string; reason: string | null }[] }>(
      'GET',
      '/audit?target=frank',
    );
    expect(audit.body.records).toContainEqual(
      expect.objectContaining({
        action: 'user.2fa.disable',
        actor: expect.stringMatching(/^cli:/),
        reason: 'Lost phone, ticket 42',
      }),
    );
    expect(audit.body.records.map((r) => r.action)).toContain('user.password');
  }, 120_000);

  it('emails the owner when 2FA is disabled from the server machine, like the admin API does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'twofold-server-cli-mail-'));
    const sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 456' });
    try {
      await writeFile(join(dir, 'smtp-password'), 'smtp secret 456\n');
      await server.addUser({
        login: 'gina',
        name: 'Gina Example',
        role: 'user',
        password: 'gina password',
        email: 'gina@example.test',
      });
      const web = new WebClient(server.baseUrl);
      expect(await web.login('gina', 'gina password')).toBe('/account');
      await web.enableTwoFactor('gina password', (secret) => CodeSource.of(secret).next());
      const env = smtpEnv(sink, join(dir, 'smtp-password'), {
        TWOFOLD_SERVER_ISSUER: 'accounts.example.test',
      });
      const disabled = await runServerCli(
        [
          'user',
          'disable-2fa',
          '--login',
          'gina',
          '--reason',
          'Lost phone, ticket 77',
          '--db',
          server.dbPath,
        ],
        { env },
      );
      expect(disabled.stderr).toBe('');
      expect(disabled.code).toBe(0);
      const mail = await sink.waitFor('gina@example.test', /turned off/);
      expect(mail.subject).toBe('[accounts.example.test] Two-factor authentication was turned off');
      expect(mail.text).toContain('turned two-factor authentication off for your account');
      expect(mail.text).toContain("From: the server's command line");
      expect(mail.text).toContain('If this was not you, contact your help desk');
      expect(mail.user).toBe('mailer');

      // A wrong relay setting stops the command before anything changes.
      const broken = await runServerCli(
        [
          'user',
          'disable-2fa',
          '--login',
          'frank',
          '--reason',
          'Lost phone, ticket 78',
          '--db',
          server.dbPath,
        ],
        { env: { ...env, TWOFOLD_SERVER_SMTP_PORT: 'twenty-five' } },
      );
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain('TWOFOLD_SERVER_SMTP_PORT must be');
    } finally {
      await sink.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
