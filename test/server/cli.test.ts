import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerCli, startServer, type RunningServer } from '../support/server-process';

describe('twofold-server CLI', () => {
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
  });

  it('refuses bad input with one line and exit status 2, changing nothing', async () => {
    const duplicate = await runServerCli(
      ['user', 'add', '--login', 'root', '--name', 'Again', '--password-stdin', '--db', server.dbPath],
      { stdin: 'another password' },
    );
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr.trim()).toBe('twofold-server: a user with the login "root" already exists.');
    const badRole = await runServerCli(
      [
        'user',
        'add',
        '--login',
        'x',
        '--name',
        'X',
        '--role',
        'god',
        '--password-stdin',
        '--db',
        server.dbPath,
      ],
      { stdin: 'long enough' },
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of user, helpdesk, admin');
    const shortPassword = await runServerCli(
      ['user', 'add', '--login', 'y', '--name', 'Y', '--password-stdin', '--db', server.dbPath],
      { stdin: 'short' },
    );
    expect(shortPassword.code).toBe(2);
    const list = await runServerCli(['user', 'list', '--db', server.dbPath]);
    expect(list.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('refuses a port that is not a number', async () => {
    const result = await runServerCli(['serve', '--port', 'eighty', '--db', `${server.dbPath}.unused`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a number');
  });
});
