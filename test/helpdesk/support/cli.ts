import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runBin } from '../../support/run-bin';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `twofold` CLI with its own TWOFOLD_HOME (profiles) in the test's keychain session. */
export async function twofold(home: string, args: string[], stdin = ''): Promise<CliResult> {
  const { status, stdout, stderr } = await runBin('twofold', args, { stdin, env: { TWOFOLD_HOME: home } });
  return { code: status ?? -1, stdout, stderr };
}

/** The arguments of `twofold admin login` to an Odoo database as `login` (password on stdin), into `profile`. */
export function odooLoginArgs(
  server: { url: string; db: string },
  login: string,
  profile = 'odoo',
  ...extra: string[]
): string[] {
  return [
    'admin',
    'login',
    '--server',
    server.url,
    '--login',
    login,
    '--db',
    server.db,
    '--password-stdin',
    '--profile',
    profile,
    ...extra,
  ];
}

/**
 * Signs the agent in to the Odoo server through the CLI (profile "odoo", a home of its own) and turns
 * off each user's 2FA there with a reason, proven in person: Odoo checks no proof, so Twofold asks
 * for one seen in person (issue 25). Each action sends the local log's head as a note.
 */
export async function disableAsAgent(
  odoo: { url: string; db: string },
  agent: { login: string; password: string },
  users: readonly string[],
): Promise<{ home: string; profile: string[] }> {
  const home = await mkdtemp(join(tmpdir(), 'twofold-odoo-agent-'));
  const profile = ['--profile', 'odoo'];
  const login = await twofold(home, odooLoginArgs(odoo, agent.login), agent.password);
  expect(login.stderr).toBe('');
  expect(login.code).toBe(0);
  for (const who of users) {
    const disable = await twofold(
      home,
      [
        'admin',
        'disable-2fa',
        who,
        '--reason',
        `Lost phone; ${who} called back`,
        '--in-person',
        'identity card seen',
        '--password-stdin',
        ...profile,
      ],
      agent.password,
    );
    expect(disable.stderr).toBe('');
    expect(disable.code).toBe(0);
  }
  return { home, profile };
}
