import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'twofold-electron-gate-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What `npm run check:electron-security` runs, over `dir`; resolves with the exit code and output. */
async function gate(dir?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/security/electronegativity.ts'];
  if (dir) args.push('--dir', dir);
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// The old parser electronegativity carries reads every file of src; on a busy two-core machine that is slow.
describe('the Electron security gate (electronegativity)', { timeout: 240_000 }, () => {
  it('passes over src: every finding is one the config reviewed, and no file went unscanned', async () => {
    const { code, stdout, stderr } = await gate();
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /electronegativity over .*src: \d+ checks \(1 turned off\), \d+ findings, \d+ reviewed, 0 new/,
    );
    expect(code).toBe(0);
  });

  it('fails on a window that turns Node on and web security off, even where a review covered the window', async () => {
    const copy = join(work, 'src');
    // The window's folder is enough: the reviews of that file are what the doctored copy must not slip past.
    cpSync(join(root, 'src/main/window'), join(copy, 'main/window'), { recursive: true });
    const file = join(copy, 'main/window/main-window.ts');
    const original = readFileSync(file, 'utf8');
    const hardened = 'webPreferences: webPreferencesFor(options.preload, { devTools: options.devTools }),';
    expect(original).toContain(hardened);
    writeFileSync(
      file,
      original.replace(
        hardened,
        'webPreferences: { preload: options.preload, nodeIntegration: true, webSecurity: false, contextIsolation: false },',
      ),
    );
    const { code, stderr } = await gate(copy);
    expect(code).toBe(1);
    expect(stderr).toMatch(/NEW NODE_INTEGRATION_JS_CHECK .* at main\/window\/main-window\.ts:/);
    expect(stderr).toMatch(/NEW WEB_SECURITY_JS_CHECK .* at main\/window\/main-window\.ts:/);
    // The reviewed finding on this window held only while its options came from webPreferencesFor.
    expect(stderr).toMatch(/NEW CONTEXT_ISOLATION_JS_CHECK .* at main\/window\/main-window\.ts:/);
    expect(stderr).toContain('The Electron security gate failed');
  });
});
