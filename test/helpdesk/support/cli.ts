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
