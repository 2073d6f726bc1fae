/**
 * Start-up of `twofold-server serve`, from spawning `node bin/twofold-server.mjs` to the
 * first 200 from GET /readyz: the built bundle (plain Node) against the TypeScript sources
 * through the tsx loader (TWOFOLD_SERVER_FROM_SOURCE=1, today's start before the bundle),
 * alternately in one run on one migrated SQLite database (a restart, as a process manager does).
 *
 *   npm run bench:server-start          TWOFOLD_BENCH_ROUNDS=… (default 9)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freshBinBundle } from '../bin/prebuilt.mjs';
import { ROOT } from '../test/support/run-bin';
import { medians, type Untimed } from './support/medians';

const ROUNDS = Number(process.env.TWOFOLD_BENCH_ROUNDS ?? 9);
const BIN = join(ROOT, 'bin/twofold-server.mjs');

if (freshBinBundle('twofold-server') === null) {
  console.error('The server bundle is missing or older than its sources: run `npm run build` first.');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'twofold-start-bench-'));
const db = join(dir, 'server.sqlite');

/** Spawns the server and resolves once /readyz answers 200; the result stops it, untimed. */
async function startToReady(fromSource: boolean): Promise<Untimed> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--host', '127.0.0.1', '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TWOFOLD_SERVER_FROM_SOURCE: fromSource ? '1' : '0',
      TWOFOLD_SERVER_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop: Untimed = {
    untimed: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout }).once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  const url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
  if (url === undefined) throw new Error(`unexpected first line: ${line}`);
  // Listening comes right before ready; poll tightly so the poll adds little.
  for (const deadline = performance.now() + 30_000; performance.now() < deadline;) {
    const status = await fetch(`${url}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return stop;
    await new Promise((resolveWait) => setTimeout(resolveWait, 2));
  }
  await stop.untimed();
  throw new Error('/readyz did not answer 200 within 30 s');
}

try {
  const [loader, bundle] = await medians(
    ROUNDS,
    () => startToReady(true),
    () => startToReady(false),
  );
  console.table([
    { start: 'TypeScript sources through tsx', medianMs: Math.round(loader) },
    { start: 'built bundle, plain Node', medianMs: Math.round(bundle) },
  ]);
  console.log(
    `twofold-server serve to the first /readyz 200, median of ${ROUNDS}: bundle ${bundle.toFixed(0)} ms, loader ${loader.toFixed(0)} ms; bundle/loader = ${(bundle / loader).toFixed(2)} (load average ${loadavg()[0]!.toFixed(1)})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
