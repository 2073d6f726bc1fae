import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freshBundle, freshCliBundle } from '../../bin/prebuilt.mjs';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/twofold.mjs');
const LINK = 'otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8';

describe('the prebuilt CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-cli-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is used only while no source file is newer than it', () => {
    const sources = join(dir, 'src');
    mkdirSync(join(sources, 'deep'), { recursive: true });
    const source = join(sources, 'deep/a.ts');
    const bundle = join(dir, 'bundle.mjs');
    writeFileSync(source, '');
    writeFileSync(bundle, '');
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    at(sources, 1_000);
    at(join(sources, 'deep'), 1_000);
    at(source, 1_000);
    at(bundle, 2_000);
    expect(freshBundle(bundle, [sources])).toBe(bundle);
    at(source, 3_000); // an edit after the build
    expect(freshBundle(bundle, [sources])).toBeNull();
    expect(freshBundle(join(dir, 'missing.mjs'), [sources])).toBeNull();
  });

  it('exists after the install step (the test setup runs it as `npm install` does)', () => {
    expect(freshCliBundle()).not.toBeNull();
  });

  it('and the sources answer alike', async () => {
    const args = [BIN, 'code', '--uri', LINK, '--time', '59'];
    const bundled = await run(process.execPath, args);
    const fromSource = await run(process.execPath, args, {
      env: { ...process.env, TWOFOLD_CLI_FROM_SOURCE: '1' },
    });
    expect(bundled.stdout).toBe('94287082\n');
    expect(fromSource.stdout).toBe(bundled.stdout);
  });
});
