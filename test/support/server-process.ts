import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, runBin } from './run-bin';
import { freshDatabase, TEST_STORE } from './test-store';
import { testClockForChild } from './test-clock.mjs';
import type { Role } from '../../src/shared/admin-api/vocabulary';

const BIN = join(ROOT, 'bin/twofold-server.mjs');

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  password: string;
  email?: string;
}

export interface RunningServer {
  baseUrl: string;
  /** The `--db` value: a SQLite file, or a postgres:// URL when the tests run on PostgreSQL. */
  dbPath: string;
  /** The server's environment: another process on the same database needs the same key. */
  env: Record<string, string>;
  /** The process id (a test may kill it). */
  pid: number;
  /** With `--metrics-port`: the address of its `/metrics` listener (the second stdout line). */
  metricsUrl: string | undefined;
  /** What the process has written to stderr so far (its JSON log lines among it). */
  stderr(): string;
  /** Settles when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  addUser(user: NewUser): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL has no folder to keep the server key beside: every server and CLI run of a
 * test worker shares this one (a test that needs another key passes its own env).
 */
const TEST_KEY_ENV: Record<string, string> =
  TEST_STORE === 'postgres' ? { TWOFOLD_SERVER_KEY: randomBytes(32).toString('hex') } : {};

/** Runs `twofold-server …` to completion; rejects with its stderr when it fails. */
export function runServerCli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runBin('twofold-server', args, { ...options, env: { ...TEST_KEY_ENV, ...options.env } }).then(
    ({ status, stdout, stderr }) => ({
      code: status ?? -1,
      stdout,
      stderr,
    }),
  );
}

/** `TWOFOLD_SERVER_CPU_PROF=DIR` writes a V8 CPU profile of the server there when it stops. */
function profileArgs(): string[] {
  const dir = process.env.TWOFOLD_SERVER_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * Starts the real server process on a random loopback port with a fresh database (a
 * SQLite file in a temporary directory, or a PostgreSQL database: see test-store.ts).
 * Users are added through the real CLI.
 */
export async function startServer(
  options: {
    env?: Record<string, string>;
    /** Another server's database: both processes share it. */
    dbPath?: string;
    /** More `serve` options (e.g. `--metrics-port 0`). */
    args?: string[];
    /** The script node runs instead of bin/twofold-server.mjs (e.g. the built bundle itself). */
    entry?: string;
    /** 'real' for a benchmark: the server does not follow the tests' clock (test-clock.mjs). */
    clock?: 'test' | 'real';
  } = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-server-'));
  const dbPath = options.dbPath ?? (await freshDatabase(dir));
  const env = { ...TEST_KEY_ENV, ...options.env };
  const clock = options.clock === 'real' ? { nodeArgs: [], env: {} } : testClockForChild();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...clock.nodeArgs,
      ...profileArgs(),
      options.entry ?? BIN,
      'serve',
      '--db',
      dbPath,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    { cwd: ROOT, env: { ...process.env, ...clock.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );

  // The first line names the server's address; with --metrics-port the second names the metrics listener's.
  const wantsMetrics =
    options.args?.includes('--metrics-port') === true || env.TWOFOLD_SERVER_METRICS_PORT !== undefined;
  const [baseUrl, metricsUrl] = await new Promise<[string, string | undefined]>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s: ${stderr}`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    let base: string | undefined;
    lines.on('line', (line) => {
      const pattern = base === undefined ? /^listening on (http:\/\/\S+)$/ : /^metrics on (http:\/\/\S+)$/;
      const match = pattern.exec(line)?.[1];
      if (match === undefined) {
        clearTimeout(timer);
        reject(new Error(`unexpected line from the server: ${line}`));
      } else if (base === undefined && wantsMetrics) {
        base = match;
      } else {
        clearTimeout(timer);
        lines.removeAllListeners('line');
        resolveUrl(base === undefined ? [match, undefined] : [base, match]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${stderr}`));
    });
  });

  return {
    baseUrl,
    metricsUrl,
    dbPath,
    env,
    pid: child.pid as number,
    stderr: () => stderr,
    exited,
    async addUser(user) {
      const result = await runServerCli(
        [
          'user',
          'add',
          '--login',
          user.login,
          '--name',
          user.name,
          '--role',
          user.role,
          ...(user.email === undefined ? [] : ['--email', user.email]),
          '--password-stdin',
          '--db',
          dbPath,
        ],
        { stdin: user.password, env },
      );
      if (result.code !== 0) throw new Error(`user add failed (${result.code}): ${result.stderr}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timeout);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
