import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPackageWithOptions, extractAll } from '@electron/asar';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twofoldBuildConfig } from '../../electron-builder';
import {
  CHECK_UPDATE_URL,
  expectations,
  packagePaths,
  readPackagedLayout,
} from '../../scripts/package/check-package';
import { checkLayout, type PackagedLayout } from '../../scripts/package/layout-check';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'twofold-package-check-'));
const linuxApp = join(work, 'linux', 'linux-unpacked');
const macApp = join(work, 'mac', 'mac', 'Twofold.app');
const desktopEntry = join(work, 'twofold.desktop');
const expected = expectations(twofoldBuildConfig({}), CHECK_UPDATE_URL);
let output = '';
let linux: PackagedLayout;
let mac: PackagedLayout;

beforeAll(async () => {
  // What CI runs: `npm run check:package`, against stand-in Electrons (see the script).
  output = execFileSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/package/check-package.ts', '--work', work],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  linux = await readPackagedLayout(packagePaths(linuxApp, 'linux', desktopEntry));
  mac = await readPackagedLayout(packagePaths(macApp, 'mac', desktopEntry));
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of a packaged app to doctor; removed after `use`. */
async function doctored(
  appDir: string,
  platform: 'linux' | 'mac',
  change: (copy: string) => Promise<void> | void,
): Promise<string[]> {
  const parent = mkdtempSync(join(tmpdir(), 'twofold-doctored-'));
  const copy = join(parent, platform === 'mac' ? 'Twofold.app' : 'linux-unpacked');
  try {
    cpSync(appDir, copy, { recursive: true, verbatimSymlinks: true });
    await change(copy);
    return checkLayout(await readPackagedLayout(packagePaths(copy, platform, desktopEntry)), expected);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/** Repacks a copy's app.asar with extra files, as a careless build config would. */
async function addToAsar(resources: string, files: Record<string, string>): Promise<void> {
  const archive = join(resources, 'app.asar');
  const tree = join(resources, '..', 'asar-tree');
  extractAll(archive, tree);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(tree, path, '..'), { recursive: true });
    writeFileSync(join(tree, path), content);
  }
  await createPackageWithOptions(tree, archive, { unpack: '*.node' });
  rmSync(tree, { recursive: true, force: true });
}

describe('npm run check:package', () => {
  it('packages the app for Linux and macOS and finds both right', () => {
    expect(output).toMatch(/check:package: linux package .* is right: \d+ files in app\.asar/);
    expect(output).toMatch(/check:package: mac package .* is right: \d+ files in app\.asar/);
    expect(output).toMatch(
      /the deb\/rpm after-install writes 6 system manifests for it .*and after-remove removes them/,
    );
    expect(checkLayout(linux, expected)).toEqual([]);
    expect(checkLayout(mac, expected)).toEqual([]);
  });

  it('ships the app, the modules main loads and nothing of the server, the CLI or the tests', () => {
    const files = [...linux.asar.keys()];
    expect(files).toContain('out/main/index.js');
    expect(files).toContain('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
    expect(files).toContain('node_modules/electron-updater/package.json');
    expect(files).toContain('resources/tray/trayTemplate.png');
    // qrcode ships: main draws the Google Authenticator export's QR codes with it.
    expect(files).toContain('node_modules/qrcode/package.json');
    for (const bad of ['better-sqlite3', 'fastify', 'commander', 'tsx', 'esbuild', 'react']) {
      expect(
        files.some((path) => path.startsWith(`node_modules/${bad}/`)),
        bad,
      ).toBe(false);
    }
    expect(
      files.filter((path) => /^(src|test|bench|scripts|bin)\//.test(path) || path.endsWith('.map')),
    ).toEqual([]);
    expect(linux.unpacked).toContain('node_modules/keytar/build/Release/keytar.node');
    expect([...mac.asar.keys()].sort()).toEqual(files.sort());
  });

  it('registers otpauth links on both, flips the fuses and writes the update feed', () => {
    expect(linux.desktopEntry).toMatch(/^MimeType=x-scheme-handler\/otpauth;$/m);
    expect(linux.desktopEntry).toMatch(/^Categories=Utility;Security;$/m);
    expect(mac.infoPlist).toMatch(/<key>CFBundleURLSchemes<\/key>\s*<array>\s*<string>otpauth<\/string>/);
    expect(mac.infoPlist).toContain(mac.asarHeaderSha256);
    for (const layout of [linux, mac]) {
      expect(layout.fuses?.[FuseV1Options.RunAsNode]).toBe(0x30);
      expect(layout.fuses?.[FuseV1Options.OnlyLoadAppFromAsar]).toBe(0x31);
    }
    expect(linux.updateConfig).toContain(`url: ${CHECK_UPDATE_URL}`);
  });
});

describe('the layout check catches', () => {
  it('better-sqlite3 and test files packed into the asar', async () => {
    const problems = await doctored(linuxApp, 'linux', (copy) =>
      addToAsar(join(copy, 'resources'), {
        'node_modules/better-sqlite3/package.json': '{"name":"better-sqlite3"}',
        'node_modules/better-sqlite3/lib/index.js': '',
        'test/desktop/hardening.test.ts': '',
        'out/main/index.test.js': '',
      }),
    );
    expect(problems.join('\n')).toMatch(/node_modules\/better-sqlite3, which must never ship/);
    expect(problems.join('\n')).toMatch(/test\/desktop\/hardening\.test\.ts: a test file/);
    expect(problems.join('\n')).toMatch(/out\/main\/index\.test\.js: a test file/);
  }, 120_000);

  it('an asar changed after packaging, on macOS where its integrity is checked', async () => {
    const problems = await doctored(macApp, 'mac', (copy) =>
      addToAsar(join(copy, 'Contents', 'Resources'), { 'out/main/extra.js': '' }),
    );
    expect(problems).toEqual([
      "Info.plist's ElectronAsarIntegrity does not hold the hash of this app.asar's header",
    ]);
  }, 120_000);

  it("keytar's native module missing from the unpacked folder", async () => {
    const problems = await doctored(linuxApp, 'linux', (copy) =>
      rmSync(join(copy, 'resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node')),
    );
    expect(problems).toEqual([
      'node_modules/keytar/build/Release/keytar.node is missing from app.asar.unpacked',
    ]);
  });

  it('a fuse left as Electron ships it', async () => {
    const problems = await doctored(linuxApp, 'linux', async (copy) => {
      await flipFuses(join(copy, 'twofold'), { version: FuseVersion.V1, [FuseV1Options.RunAsNode]: true });
    });
    expect(problems).toEqual(['fuse runAsNode is on']);
  });

  it('a .desktop entry or Info.plist that does not register otpauth once, or the wrong update feed', () => {
    const entry = readFileSync(desktopEntry, 'utf8').replace(/^MimeType=.*$/m, 'MimeType=text/plain;');
    expect(checkLayout({ ...linux, desktopEntry: entry }, expected)).toEqual([
      'the .desktop entry registers x-scheme-handler/otpauth 0 times, not once',
    ]);
    const plist = (mac.infoPlist ?? '').replace(
      '<string>otpauth</string>',
      '<string>otpauth</string><string>otpauth</string>',
    );
    expect(checkLayout({ ...mac, infoPlist: plist }, expected)).toEqual([
      'Info.plist lists otpauth in CFBundleURLSchemes 2 times, not once',
    ]);
    expect(checkLayout({ ...linux, updateConfig: null }, expected)).toEqual([
      'app-update.yml is missing though a feed was configured',
    ]);
    expect(checkLayout(linux, { ...expected, updateUrl: null })).toEqual([
      'app-update.yml is present though no feed was configured',
    ]);
  });

  it('a module main loads that did not ship', () => {
    const asar = new Map([...linux.asar].filter(([path]) => !path.startsWith('node_modules/zod/')));
    expect(checkLayout({ ...linux, asar }, expected)).toEqual([
      'zod is missing from app.asar (main loads it)',
    ]);
  });
});
