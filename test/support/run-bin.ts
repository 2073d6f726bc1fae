import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testClockForChild } from './test-clock.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface BinResult {
  /** null when the process was killed (the time ran out). */
  status: number | null;
  stdout: string;
  stderr: string;
  /** With `measure`: the process's peak resident set size in MiB (null if it was killed). */
  peakRssMiB?: number | null;
  /** With `measure`: wall-clock time from spawn to exit, in milliseconds. */
  elapsedMs?: number;
}

/**
 * Runs one of the project's bins (`bin/…`) as a real child process: `stdin` is
 * written and closed, an `env` value of undefined removes that variable, and the
 * process is killed after `timeoutMs`. With `measure`, the result also carries the
 * process's peak RSS (read by getrusage inside it at exit) and its wall-clock time:
 * hostile-input tests bound both.
 */
export function runBin(
  bin: 'twofold' | 'twofold-server',
  args: string[],
  options: {
    stdin?: string;
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    measure?: boolean;
  } = {},
): Promise<BinResult> {
  const measureDir = options.measure ? mkdtempSync(join(tmpdir(), 'twofold-rss-')) : undefined;
  const rssFile = measureDir ? join(measureDir, 'maxrss') : undefined;
  const preload = options.measure
    ? ['--import', pathToFileURL(resolve(ROOT, 'test/support/peak-rss.mjs')).href]
    : [];
  // The bin follows the tests' clock (test-clock.mjs): a test lets time pass without waiting.
  const clock = testClockForChild();
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [...clock.nodeArgs, ...preload, resolve(ROOT, `bin/${bin}.mjs`), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...clock.env,
          ...options.env,
          ...(rssFile ? { TWOFOLD_TEST_PEAK_RSS_FILE: rssFile } : {}),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (!measureDir || !rssFile) return done({ status, stdout, stderr });
      let peakRssMiB: number | null = null;
      try {
        peakRssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
      } catch {
        // Killed before its exit handler ran: no figure.
      }
      rmSync(measureDir, { recursive: true, force: true });
      done({ status, stdout, stderr, peakRssMiB, elapsedMs: performance.now() - started });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
