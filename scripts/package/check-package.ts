// `npm run check:package`: packages Twofold for Linux as an unpacked folder (`--dir`)
// against a stand-in Electron distribution, then reads the result (layout-check.ts).
// The Electron binary cannot be downloaded on the machines this runs on, so the
// stand-in is a placeholder file carrying Electron's fuse wire: electron-builder flips
// its fuses as it would the real binary's. No installer is made here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, getRawHeader, uncache } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform, type AfterPackContext, type Configuration } from 'electron-builder';
import { twofoldBuildConfig } from '../../electron-builder';
import {
  checkLayout,
  FUSE_OFF,
  FUSE_ON,
  moduleDirOf,
  type LayoutExpectations,
  type PackagedLayout,
} from './layout-check';
import { moduleNameOf, packagedModules } from './runtime-deps';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The loopback feed the checked package is built with (nothing listens: only the config is read). */
export const CHECK_UPDATE_URL = 'http://127.0.0.1:45999/twofold/';

/** A folder shaped like an unpacked Electron for Linux, whose binary is a placeholder with Electron's default fuses. */
export function makeStandInElectron(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const defaults = [
    FUSE_ON, // RunAsNode
    FUSE_OFF, // EnableCookieEncryption
    FUSE_ON, // EnableNodeOptionsEnvironmentVariable
    FUSE_ON, // EnableNodeCliInspectArguments
    FUSE_OFF, // EnableEmbeddedAsarIntegrityValidation
    FUSE_OFF, // OnlyLoadAppFromAsar
    FUSE_OFF, // LoadBrowserProcessSpecificV8Snapshot
    FUSE_ON, // GrantFileProtocolExtraPrivileges
  ];
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron for npm run check:package"; exit 1\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, defaults.length, ...defaults]),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), binary, { mode: 0o755 });
  const version = (require('electron/package.json') as { version: string }).version;
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  return dir;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
}

function asarEntries(archive: string): Map<string, { unpacked: boolean }> {
  const entries = new Map<string, { unpacked: boolean }>();
  const walk = (node: AsarNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else entries.set(path, { unpacked: child.unpacked === true });
    }
  };
  walk(getRawHeader(archive).header as AsarNode, '');
  return entries;
}

/** Reads an electron-builder linux-unpacked folder into the shape layout-check.ts judges. */
export async function readPackagedLayout(appDir: string, desktopEntryPath: string): Promise<PackagedLayout> {
  const resources = join(appDir, 'resources');
  const archive = join(resources, 'app.asar');
  // @electron/asar keeps archives it has read open by path: a doctored copy must be read afresh.
  uncache(archive);
  const asar = asarEntries(archive);
  let packageJson: PackagedLayout['packageJson'] = null;
  if (asar.has('package.json')) {
    packageJson = JSON.parse(
      extractFile(archive, 'package.json').toString('utf8'),
    ) as PackagedLayout['packageJson'];
  }
  const fuses = await getCurrentFuseWire(join(appDir, 'twofold')).then(
    (wire) => wire as unknown as Record<number, number>,
    () => null,
  );
  const updatePath = join(resources, 'app-update.yml');
  return {
    asar,
    unpacked: filesUnder(join(resources, 'app.asar.unpacked')),
    desktopEntry: existsSync(desktopEntryPath) ? readFileSync(desktopEntryPath, 'utf8') : null,
    fuses,
    packageJson,
    updateConfig: existsSync(updatePath) ? readFileSync(updatePath, 'utf8') : null,
  };
}

/** What this project's package must look like, from its own build and config. */
export function expectations(config: Configuration, updateUrl: string | null): LayoutExpectations {
  const rel = (path: string): string => relative(root, path).split(sep).join('/');
  return {
    ship: [...new Set(packagedModules(root).ship.map(moduleNameOf))].sort(),
    nativeModules: [rel(join(require.resolve('keytar/package.json'), '..', 'build/Release/keytar.node'))],
    asarFiles: [rel(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))],
    schemes: (Array.isArray(config.protocols)
      ? config.protocols
      : config.protocols
        ? [config.protocols]
        : []
    ).flatMap((protocol) => protocol.schemes),
    updateUrl,
  };
}

/** Writes the .desktop entry electron-builder's deb, rpm and AppImage targets would install. */
async function writeDesktopEntry(
  context: AfterPackContext,
  config: Configuration,
  path: string,
): Promise<void> {
  const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper') as {
    LinuxTargetHelper: new (packager: unknown) => {
      computeDesktopEntry(options: object): Promise<string>;
    };
  };
  const helper = new LinuxTargetHelper(context.packager);
  writeFileSync(path, await helper.computeDesktopEntry({ ...config.linux, ...config.deb }));
}

export async function packageForCheck(
  workDir: string,
): Promise<{ appDir: string; desktopEntry: string; config: Configuration }> {
  if (!existsSync(join(root, 'out/main/index.js'))) {
    execFileSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const config = twofoldBuildConfig({
    ...process.env,
    TWOFOLD_UPDATE_URL: CHECK_UPDATE_URL,
    APPLE_TEAM_ID: '',
  });
  const output = join(workDir, 'dist');
  const desktopEntry = join(workDir, 'twofold.desktop');
  rmSync(output, { recursive: true, force: true });
  rmSync(desktopEntry, { force: true });
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      ...config,
      electronDist: makeStandInElectron(join(workDir, 'electron-dist')),
      // Rebuilding keytar for Electron needs Electron's headers (a download): it is an
      // N-API module, so the build `npm install` made is the one packaged here.
      npmRebuild: false,
      directories: { ...config.directories, output },
      afterPack: (context) => writeDesktopEntry(context, config, desktopEntry),
    },
  });
  return { appDir: join(output, 'linux-unpacked'), desktopEntry, config };
}

/** `--work DIR`: where the stand-in Electron and the package go (default .tmp/package-check). */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--work');
  const workDir =
    at > 0 && process.argv[at + 1]
      ? resolve(process.argv[at + 1] ?? '')
      : join(root, '.tmp', 'package-check');
  const { appDir, desktopEntry, config } = await packageForCheck(workDir);
  const layout = await readPackagedLayout(appDir, desktopEntry);
  const problems = checkLayout(layout, expectations(config, CHECK_UPDATE_URL));
  const modules = new Set([...layout.asar.keys()].map(moduleDirOf).filter((dir) => dir !== null));
  if (problems.length > 0) {
    console.error(`check:package: ${problems.length} problem(s) in ${relative(root, appDir)}:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(
    `check:package: ${relative(root, appDir)} is right: ${layout.asar.size} files in app.asar ` +
      `(${modules.size} packages), ${layout.unpacked.length} unpacked, fuses, .desktop entry and update feed as configured.`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
