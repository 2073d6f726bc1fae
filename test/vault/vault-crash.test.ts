import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../src/desktop/vault';
import { skipReason } from '../support/skip';
import { keychainUnavailable, ROOT, tempFolder } from './support';

const ITERATIONS = 5;

/** Starts the writer, kills it with SIGKILL at a random moment after its first commit, returns the ids it printed. */
function writeThenKill(path: string): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/vault/fixtures/writer.ts'), path],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let armed = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 600);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL' || !armed)
        fail(new Error(`the writer stopped on its own: ${err.slice(0, 500)}`));
      // A line cut by the kill is not a committed id.
      else done(out.split('\n').filter((line) => /^[0-9a-f-]{36}$/.test(line)));
    });
  });
}

describe.skipIf(skipReason('vault crash safety (real keychain)', keychainUnavailable()))(
  'a writer killed mid-write',
  () => {
    let folder: Awaited<ReturnType<typeof tempFolder>>;

    beforeAll(async () => {
      folder = await tempFolder();
    });
    afterAll(async () => folder.cleanup());

    it(`leaves a vault that opens with every committed entry (${ITERATIONS} kills)`, async () => {
      const path = join(folder.path, 'crash.twofold');
      const committed: string[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        committed.push(...(await writeThenKill(path)));
        const vault = await Vault.open({ path });
        const ids = new Set(vault.list().map((entry) => entry.id));
        for (const id of committed) expect(ids.has(id)).toBe(true);
        // At most the one add that was on disk but not yet printed when the kill came.
        expect(ids.size - committed.length).toBeGreaterThanOrEqual(0);
        expect(ids.size - committed.length).toBeLessThanOrEqual(i + 1);
      }
      expect(committed.length).toBeGreaterThan(ITERATIONS);
      // Temp files of killed writers are swept by the next writer; at most the last one's remain.
      const temps = (await readdir(folder.path)).filter((name) => name.endsWith('.tmp'));
      expect(temps.length).toBeLessThanOrEqual(1);
    }, 120_000);
  },
);
