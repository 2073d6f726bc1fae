import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPackageWithOptions, extractAll } from '@electron/asar';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twofoldBuildConfig } from '../../electron-builder';
import { CHECK_UPDATE_URL, expectations, readPackagedLayout } from '../../scripts/package/check-package';
import { checkLayout, type PackagedLayout } from '../../scripts/package/layout-check';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'twofold-package-check-'));
const appDir = join(work, 'dist', 'linux-unpacked');
const desktopEntry = join(work, 'twofold.desktop');
const expected = expectations(twofoldBuildConfig({}), CHECK_UPDATE_URL);
let output = '';
let real: PackagedLayout;

beforeAll(async () => {
  // What CI runs: `npm run check:package`, against a stand-in Electron (see the script).
  output = execFileSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/package/check-package.ts', '--work', work],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  real = await readPackagedLayout(appDir, desktopEntry);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the packaged folder to doctor. */
function copyOfPackage(): string {
  const copy = mkdtempSync(join(tmpdir(), 'twofold-doctored-'));
  cpSync(appDir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

describe('npm run check:package', () => {
  it('packages the app and finds it right', () => {
    expect(output).toMatch(/check:package: .*linux-unpacked is right: \d+ files in app\.asar/);
    expect(checkLayout(real, expected)).toEqual([]);
  });

  it('ships the app, the modules main loads and nothing of the server, the CLI or the tests', () => {
    const files = [...real.asar.keys()];
    expect(files).toContain('out/main/index.js');
    expect(files).toContain('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
    expect(files).toContain('node_modules/electron-updater/package.json');
    expect(files).toContain('resources/tray/trayTemplate.png');
    for (const bad of ['better-sqlite3', 'fastify', 'commander', 'tsx', 'esbuild', 'react', 'qrcode']) {
      expect(
        files.some((path) => path.startsWith(`node_modules/${bad}/`)),
        bad,
      ).toBe(false);
    }
    expect(
      files.filter((path) => /^(src|test|bench|scripts|bin)\//.test(path) || path.endsWith('.map')),
    ).toEqual([]);
    expect(real.unpacked).toContain('node_modules/keytar/build/Release/keytar.node');
  });

  it('registers otpauth links in the .desktop entry and flips the fuses in the binary', () => {
    expect(real.desktopEntry).toMatch(/^MimeType=.*x-scheme-handler\/otpauth;/m);
    expect(real.desktopEntry).toMatch(/^Categories=Utility;Security;$/m);
    expect(real.fuses?.[FuseV1Options.RunAsNode]).toBe(0x30);
    expect(real.fuses?.[FuseV1Options.OnlyLoadAppFromAsar]).toBe(0x31);
    expect(real.updateConfig).toContain(`url: ${CHECK_UPDATE_URL}`);
  });
});

describe('the layout check catches', () => {
  it('better-sqlite3 and test files packed into the asar', async () => {
    const copy = copyOfPackage();
    try {
      const archive = join(copy, 'resources/app.asar');
      const tree = join(copy, 'tree');
      extractAll(archive, tree);
      mkdirSync(join(tree, 'node_modules/better-sqlite3/lib'), { recursive: true });
      writeFileSync(join(tree, 'node_modules/better-sqlite3/package.json'), '{"name":"better-sqlite3"}');
      writeFileSync(join(tree, 'node_modules/better-sqlite3/lib/index.js'), '');
      mkdirSync(join(tree, 'test/desktop'), { recursive: true });
      writeFileSync(join(tree, 'test/desktop/hardening.test.ts'), '');
      writeFileSync(join(tree, 'out/main/index.test.js'), '');
      await createPackageWithOptions(tree, archive, { unpack: '*.node' });
      const problems = checkLayout(await readPackagedLayout(copy, desktopEntry), expected);
      expect(problems.join('\n')).toMatch(/node_modules\/better-sqlite3, which must never ship/);
      expect(problems.join('\n')).toMatch(/test\/desktop\/hardening\.test\.ts: a test file/);
      expect(problems.join('\n')).toMatch(/out\/main\/index\.test\.js: a test file/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);

  it("keytar's native module missing from the unpacked folder", async () => {
    const copy = copyOfPackage();
    try {
      rmSync(join(copy, 'resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node'));
      const problems = checkLayout(await readPackagedLayout(copy, desktopEntry), expected);
      expect(problems).toEqual([
        'node_modules/keytar/build/Release/keytar.node is missing from app.asar.unpacked',
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a fuse left as Electron ships it', async () => {
    const copy = copyOfPackage();
    try {
      await flipFuses(join(copy, 'twofold'), { version: FuseVersion.V1, [FuseV1Options.RunAsNode]: true });
      const problems = checkLayout(await readPackagedLayout(copy, desktopEntry), expected);
      expect(problems).toEqual(['fuse runAsNode is on']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a .desktop entry that does not register otpauth, or the wrong update feed', () => {
    const entry = readFileSync(desktopEntry, 'utf8').replace(/^MimeType=.*$/m, 'MimeType=text/plain;');
    expect(checkLayout({ ...real, desktopEntry: entry }, expected)).toEqual([
      'the .desktop entry does not register x-scheme-handler/otpauth',
    ]);
    expect(checkLayout({ ...real, updateConfig: null }, expected)).toEqual([
      'app-update.yml is missing though a feed was configured',
    ]);
    expect(checkLayout(real, { ...expected, updateUrl: null })).toEqual([
      'app-update.yml is present though no feed was configured',
    ]);
  });

  it('a module main loads that did not ship', () => {
    const asar = new Map([...real.asar].filter(([path]) => !path.startsWith('node_modules/zod/')));
    expect(checkLayout({ ...real, asar }, expected)).toEqual([
      'zod is missing from app.asar (main loads it)',
    ]);
  });
});
