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
