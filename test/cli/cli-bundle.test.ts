import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BINS, freshBundle, freshBinBundle, freshCliBundle } from '../../bin/prebuilt.mjs';

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

  // A start of a bin (hundreds per test run) reads one file: the packages are bundled but
  // native addons and those loaded on demand (issue 26, item 4); the CLI loads no package at start.
  const importsOf = (name: 'twofold' | 'twofold-server') => {
    const bundle = freshBinBundle(name);
    expect(bundle).not.toBeNull();
    const text = readFileSync(bundle as URL, 'utf8');
    const packages = (pattern: RegExp) =>
      [...text.matchAll(pattern)]
        .map((m) => m[1] as string)
        .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier));
    return {
      atStart: packages(/^import [^;]*?from "([^"]+)"/gm),
      onDemand: packages(/\bimport\("([^"]+)"\)/g),
    };
  };

  it.each(['twofold', 'twofold-server'] as const)(
    '%s bundles every package but the ones listed as left outside',
    (name) => {
      const { atStart, onDemand } = importsOf(name);
      expect(
        [...atStart, ...onDemand].filter((specifier) => !BINS[name].external.includes(specifier)),
      ).toEqual([]);
    },
  );

  it('twofold loads no package at start', () => {
    expect(importsOf('twofold').atStart).toEqual([]);
  });
});
