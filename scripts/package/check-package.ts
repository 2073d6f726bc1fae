// `npm run check:package`: packages Twofold for Linux and for macOS as unpacked folders
// (electron-builder's `dir` target) against a stand-in Electron distribution, then reads
// the result (layout-check.ts). The Electron binary cannot be downloaded on the machines
// this runs on, so the stand-in is placeholder files shaped like Electron's, whose
// binary carries Electron's fuse wire: electron-builder flips the fuses as it would in
// the real binary. It uses electron-builder.ts as `npm run dist` does. No installer is made.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
  type CheckedPlatform,
  type LayoutExpectations,
  type PackagedLayout,
} from './layout-check';
import { moduleNameOf, packagedModules } from './runtime-deps';
import { BROWSERS, hostManifest, manifestPath } from '../../src/desktop/browser/registration';
import {
  checkLinuxInstallerHost,
  INSTALLER_HOST_DIR,
  installerHostFiles,
  linuxProduct,
} from './installer-host';
import { NATIVE_HOST_NAME } from '../../src/shared/browser/messages';
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../src/shared/browser/extension-ids';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The loopback feed the checked package is built with (nothing listens: only the config is read). */
export const CHECK_UPDATE_URL = 'http://127.0.0.1:45999/twofold/';
export const CHECKED_PLATFORMS: readonly CheckedPlatform[] = ['linux', 'mac'];

/** A placeholder binary: a line saying what it is, then Electron's fuse wire as Electron ships it. */
function standInBinary(): Buffer {
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
  return Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron for npm run check:package"; exit 1\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, defaults.length, ...defaults]),
    Buffer.from('\n'),
  ]);
}

function write(path: string, content: string | Buffer, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
}

function infoPlist(identifier: string, executable: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0"><dict>',
    `<key>CFBundleExecutable</key><string>${executable}</string>`,
    `<key>CFBundleIdentifier</key><string>${identifier}</string>`,
    `<key>CFBundleName</key><string>${executable}</string>`,
    '</dict></plist>',
  ].join('\n');
}

/** A folder shaped like an unpacked Electron for the platform, with placeholder binaries. */
export function makeStandInElectron(dir: string, platform: CheckedPlatform): string {
  rmSync(dir, { recursive: true, force: true });
  const version = (require('electron/package.json') as { version: string }).version;
  if (platform === 'linux') {
    write(join(dir, 'electron'), standInBinary(), 0o755);
    write(join(dir, 'version'), version);
    write(join(dir, 'LICENSE'), 'stand-in\n');
    write(join(dir, 'locales', 'en-US.pak'), '');
    mkdirSync(join(dir, 'resources'), { recursive: true });
    return dir;
  }
  const contents = join(dir, 'Electron.app', 'Contents');
  write(join(contents, 'Info.plist'), infoPlist('com.github.Electron', 'Electron'));
  write(join(contents, 'MacOS', 'Electron'), 'stand-in\n', 0o755);
  mkdirSync(join(contents, 'Resources'), { recursive: true });
  for (const helper of ['Helper', 'Helper (Renderer)', 'Helper (GPU)', 'Helper (Plugin)']) {
    const helperContents = join(contents, 'Frameworks', `Electron ${helper}.app`, 'Contents');
    write(join(helperContents, 'Info.plist'), infoPlist('com.github.Electron.helper', `Electron ${helper}`));
    write(join(helperContents, 'MacOS', `Electron ${helper}`), 'stand-in\n', 0o755);
  }
  write(join(contents, 'Frameworks', 'Electron Framework.framework', 'Electron Framework'), standInBinary());
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

function asarEntries(header: AsarNode): Map<string, { unpacked: boolean }> {
  const entries = new Map<string, { unpacked: boolean }>();
  const walk = (node: AsarNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else entries.set(path, { unpacked: child.unpacked === true });
    }
  };
  walk(header, '');
  return entries;
}

/** Where the parts of an unpacked package are, per platform. */
export interface PackagePaths {
  platform: CheckedPlatform;
  resources: string;
  /** The binary holding the fuse wire (macOS: the .app, whose Electron Framework holds it). */
  fuseBinary: string;
  /** Linux: the .desktop entry the deb, rpm and AppImage install. */
  desktopEntry: string | null;
  /** macOS: Contents/Info.plist. */
  infoPlist: string | null;
  /** The app's executable: what the browser host manifests point at (it runs as the host when a browser starts it). */
  executable: string;
}

export function packagePaths(appDir: string, platform: CheckedPlatform, desktopEntry: string): PackagePaths {
  if (platform === 'linux') {
    const fuseBinary = join(appDir, 'twofold');
    return {
      platform,
      resources: join(appDir, 'resources'),
      fuseBinary,
      desktopEntry,
      infoPlist: null,
      executable: fuseBinary,
    };
  }
  const contents = join(appDir, 'Contents');
  return {
    platform,
    resources: join(contents, 'Resources'),
    // @electron/fuses finds the wire in Contents/Frameworks/Electron Framework.framework itself.
    fuseBinary: appDir,
    desktopEntry: null,
    infoPlist: join(contents, 'Info.plist'),
    executable: join(contents, 'MacOS', 'Twofold'),
  };
}

/**
 * Registers the package's executable as the browser host for every browser, as Settings →
 * Browser does in the installed app (under a scratch HOME, at the platform's own folders), then
 * reads each manifest back and finds the host where it points: an executable file in the
 * package whose main bundle starts the host when a browser's arguments name Twofold's extension.
 */
export function checkBrowserHost(paths: PackagePaths): { problems: string[]; manifests: string[] } {
  const problems: string[] = [];
  const manifests: string[] = [];
  const home = mkdtempSync(join(tmpdir(), 'twofold-host-manifests-'));
  const platform = paths.platform === 'mac' ? 'darwin' : 'linux';
  try {
    const main = extractFile(join(paths.resources, 'app.asar'), 'out/main/index.js').toString('utf8');
    for (const caller of ['chrome-extension://', CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID])
      if (!main.includes(caller))
        problems.push(`the main bundle does not start the browser host for ${caller}`);
    for (const browser of BROWSERS) {
      const file = manifestPath(browser, undefined, platform, home);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(hostManifest(browser, paths.executable)));
      manifests.push(relative(home, file));
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; path?: unknown };
      const host = typeof manifest.path === 'string' ? manifest.path : '';
      if (manifest.name !== NATIVE_HOST_NAME)
        problems.push(`${browser}: the manifest names ${String(manifest.name)}`);
      if (!host.startsWith('/') || !existsSync(host)) {
        problems.push(`${browser}: the manifest points at ${host}, which is not in the package`);
        continue;
      }
      if (!statSync(host).isFile() || (statSync(host).mode & 0o111) === 0)
        problems.push(`${browser}: ${host} is not an executable file`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return { problems, manifests };
}

const readIfThere = (path: string | null): string | null =>
  path !== null && existsSync(path) ? readFileSync(path, 'utf8') : null;

/** Reads an unpacked package into the shape layout-check.ts judges. */
export async function readPackagedLayout(paths: PackagePaths): Promise<PackagedLayout> {
  const archive = join(paths.resources, 'app.asar');
  // @electron/asar keeps archives it has read open by path: a doctored copy must be read afresh.
  uncache(archive);
  const raw = getRawHeader(archive);
  const asar = asarEntries(raw.header as AsarNode);
  const packageJson = asar.has('package.json')
    ? (JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as PackagedLayout['packageJson'])
    : null;
  const fuses = await getCurrentFuseWire(paths.fuseBinary).then(
    (wire) => wire as unknown as Record<number, number>,
    () => null,
  );
  return {
    platform: paths.platform,
    asar,
    asarHeaderSha256: createHash('sha256').update(raw.headerString).digest('hex'),
    unpacked: filesUnder(join(paths.resources, 'app.asar.unpacked')),
    desktopEntry: readIfThere(paths.desktopEntry),
    infoPlist: readIfThere(paths.infoPlist),
    fuses,
    packageJson,
    updateConfig: readIfThere(join(paths.resources, 'app-update.yml')),
  };
}

/** What this project's package must look like, from its own build and config. */
export function expectations(config: Configuration, updateUrl: string | null): LayoutExpectations {
  const rel = (path: string): string => relative(root, path).split(sep).join('/');
  const protocols = config.protocols ? [config.protocols].flat() : [];
  return {
    ship: [...new Set(packagedModules(root).ship.map(moduleNameOf))].sort(),
    nativeModules: [rel(join(require.resolve('keytar/package.json'), '..', 'build/Release/keytar.node'))],
    asarFiles: [rel(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))],
    schemes: protocols.flatMap((protocol) => protocol.schemes),
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
    LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: object): Promise<string> };
  };
  const helper = new LinuxTargetHelper(context.packager);
  writeFileSync(path, await helper.computeDesktopEntry({ ...config.linux, ...config.deb }));
}

/** Builds the unpacked package for a platform with electron-builder.ts, as `npm run dist` would. */
export async function packageForCheck(
  workDir: string,
  platform: CheckedPlatform,
): Promise<{ paths: PackagePaths; config: Configuration }> {
  if (!existsSync(join(root, 'out/main/index.js'))) {
    execFileSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  // electron-builder.ts reads these when it loads: a feed to check, and no notarisation.
  process.env.TWOFOLD_UPDATE_URL = CHECK_UPDATE_URL;
  process.env.APPLE_TEAM_ID = '';
  const config = twofoldBuildConfig(process.env);
  const output = join(workDir, platform);
  const desktopEntry = join(workDir, 'twofold.desktop');
  rmSync(output, { recursive: true, force: true });
  const target = platform === 'linux' ? Platform.LINUX : Platform.MAC;
  await build({
    projectDir: root,
    targets: target.createTarget('dir', Arch.x64),
    publish: 'never',
    // Only what the stand-in needs on top of electron-builder.ts (which electron-builder loads itself).
    config: {
      electronDist: makeStandInElectron(join(workDir, `electron-${platform}`), platform),
      // Rebuilding keytar for Electron needs Electron's headers (a download): it is an
      // N-API module, so the build `npm install` made is the one packaged here.
      npmRebuild: false,
      directories: { output },
      ...(platform === 'linux'
        ? { afterPack: (context) => writeDesktopEntry(context, config, desktopEntry) }
        : {}),
      ...(platform === 'mac' ? { mac: { identity: null } } : {}),
    },
  });
  const appDir = platform === 'linux' ? join(output, 'linux-unpacked') : join(output, 'mac', 'Twofold.app');
  return { paths: packagePaths(appDir, platform, desktopEntry), config };
}

/** `--work DIR`: where the stand-ins and the packages go (default .tmp/package-check). */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--work');
  const given = at > 0 ? process.argv[at + 1] : undefined;
  const workDir = given ? resolve(given) : join(root, '.tmp', 'package-check');
  let failed = false;
  for (const platform of CHECKED_PLATFORMS) {
    const { paths, config } = await packageForCheck(workDir, platform);
    const layout = await readPackagedLayout(paths);
    const host = checkBrowserHost(paths);
    // Linux: the deb/rpm after-install that electron-builder's beforePack wrote, run against a fake root.
    const installer =
      platform === 'linux'
        ? checkLinuxInstallerHost(
            installerHostFiles(join(root, INSTALLER_HOST_DIR)),
            linuxProduct(config),
            dirname(paths.resources),
          )
        : { problems: [], manifests: [] };
    const problems = [
      ...checkLayout(layout, expectations(config, CHECK_UPDATE_URL)),
      ...host.problems,
      ...installer.problems,
    ];
    const where = relative(root, dirname(paths.resources));
    if (problems.length > 0) {
      failed = true;
      console.error(`check:package: ${problems.length} problem(s) in ${where}:`);
      for (const problem of problems) console.error(`  - ${problem}`);
      continue;
    }
    const modules = new Set([...layout.asar.keys()].map(moduleDirOf).filter((dir) => dir !== null));
    console.log(
      `check:package: ${platform} package ${where} is right: ${layout.asar.size} files in app.asar ` +
        `(${modules.size} packages), ${layout.unpacked.length} unpacked, fuses, ` +
        (platform === 'linux' ? '.desktop entry and update feed' : 'Info.plist (otpauth, asar integrity)') +
        ` as configured; the browser host is the app's executable, where the ${host.manifests.length} ` +
        `manifests point (${host.manifests.join(', ')})` +
        (installer.manifests.length > 0
          ? `; the deb/rpm after-install writes ${installer.manifests.length} system manifests for it ` +
            `(${installer.manifests.join(', ')}) and after-remove removes them.`
          : '.'),
    );
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
