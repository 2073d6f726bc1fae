import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface BinResult {
  /** null when the process was killed (the time ran out). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's bins (`bin/…`) as a real child process: `stdin` is
 * written and closed, an `env` value of undefined removes that variable, and the
 * process is killed after `timeoutMs`.
 */
export function runBin(
  bin: 'twofold' | 'twofold-server',
  args: string[],
  options: { stdin?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<BinResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, `bin/${bin}.mjs`), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
