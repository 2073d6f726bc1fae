// Reads an unpacked Twofold package (electron-builder's linux-unpacked folder) and says
// what is wrong with it. Pure over the layout it is given, so a doctored layout can be
// checked in tests as easily as a real one.
import { FuseV1Options } from '@electron/fuses';
import { electronFuses } from '../../electron-builder';
import { moduleNameOf } from './runtime-deps';

/** A fuse's state byte in the binary ('1' on, '0' off), as @electron/fuses writes it. */
export const FUSE_ON = 0x31;
export const FUSE_OFF = 0x30;

export type CheckedPlatform = 'linux' | 'mac';

export interface PackagedLayout {
  platform: CheckedPlatform;
  /** SHA-256 of the asar header, which macOS' embedded integrity check compares with Info.plist. */
  asarHeaderSha256: string;
  /** macOS: Contents/Info.plist; null elsewhere. */
  infoPlist: string | null;
  /** Files inside resources/app.asar ('/'-separated), with whether the asar marks them unpacked. */
  asar: ReadonlyMap<string, { unpacked: boolean }>;
  /** Files in resources/app.asar.unpacked. */
  unpacked: readonly string[];
  /** Linux: the .desktop entry the packages install, or null when none was written. */
  desktopEntry: string | null;
  /** The Electron binary's fuse wire (index → state byte), or null when it has none. */
  fuses: Readonly<Record<number, number>> | null;
  /** The app's package.json as shipped in the asar. */
  packageJson: { main?: string; desktopName?: string; type?: string } | null;
  /** resources/app-update.yml, when a feed was configured. */
  updateConfig: string | null;
}

export interface LayoutExpectations {
  /** Names of the packages the app needs at run time (runtime-deps.ts). */
  ship: readonly string[];
  /** Native modules main loads, relative to the app root: must be unpacked. */
  nativeModules: readonly string[];
  /** Files main reads from inside the asar (zxing's .wasm). */
  asarFiles: readonly string[];
  /** Protocol schemes the build config registers. */
  schemes: readonly string[];
  /** The update feed URL the package was built with (null: none). */
  updateUrl: string | null;
}

/** Modules that belong to the server, the CLI or the tool chain: never in the desktop package. */
export const MUST_NOT_SHIP = [
  'better-sqlite3',
  'fastify',
  '@fastify/',
  'commander',
  'esbuild',
  'tsx',
  'typescript',
  'vitest',
  'electron',
  'electron-builder',
  'playwright-core',
];

const APP_ROOTS = ['out/main/', 'out/preload/', 'out/renderer/', 'resources/tray/'];
const REQUIRED_FILES = [
  'package.json',
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

/** The node_modules folder a path belongs to ('node_modules/a/node_modules/@b/c/x.js' → '…/@b/c'), or null. */
export function moduleDirOf(path: string): string | null {
  const parts = path.split('/');
  let end = -1;
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] !== 'node_modules') continue;
    end = parts[i + 1]?.startsWith('@') ? i + 2 : i + 1;
    i = end;
  }
  return end < 0 ? null : parts.slice(0, end + 1).join('/');
}

function forbiddenModule(dir: string): string | undefined {
  const name = moduleNameOf(dir);
  return MUST_NOT_SHIP.find((bad) => (bad.endsWith('/') ? name.startsWith(bad) : name === bad));
}

/** A file that is source, test or build residue, whatever folder it is in. */
function residue(path: string): string | null {
  if (path.endsWith('.map')) return 'a source map';
  if (/(^|\/)(test|tests|__tests__)\//.test(path) && !path.startsWith('node_modules/')) return 'a test file';
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(path)) return 'a test file';
  if (!path.startsWith('node_modules/') && /\.(ts|tsx|mts|cts)$/.test(path)) return 'a TypeScript source';
  if (/^(src|test|bench|scripts|bin|data|build)\//.test(path)) return 'not part of the app';
  if (/\.(sqlite|sqlite3|db)$/.test(path)) return 'a database file';
  return null;
}

function parseDesktopEntry(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return fields;
}

const FUSE_NAMES: Record<keyof typeof electronFuses, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
};

/** The string values of a key in a plist's XML (enough for the keys checked here). */
function plistStrings(plist: string, key: string): string[] {
  const at = plist.indexOf(`<key>${key}</key>`);
  if (at < 0) return [];
  const rest = plist.slice(at + key.length + 11);
  const value =
    /^\s*(<string>[^<]*<\/string>|<array>[\s\S]*?<\/array>|<dict>[\s\S]*?<\/dict>)/.exec(rest)?.[1] ?? '';
  return [...value.matchAll(/<string>([^<]*)<\/string>/g)].map((match) => match[1] ?? '');
}

function checkInfoPlist(layout: PackagedLayout, expected: LayoutExpectations): string[] {
  const plist = layout.infoPlist;
  if (plist === null) return ['the app has no Info.plist'];
  const problems: string[] = [];
  const schemes = [...plist.matchAll(/<key>CFBundleURLSchemes<\/key>\s*<array>([\s\S]*?)<\/array>/g)].flatMap(
    (match) => [...(match[1] ?? '').matchAll(/<string>([^<]*)<\/string>/g)].map((inner) => inner[1]),
  );
  for (const scheme of expected.schemes) {
    const times = schemes.filter((found) => found === scheme).length;
    if (times !== 1)
      problems.push(`Info.plist lists ${scheme} in CFBundleURLSchemes ${times} times, not once`);
  }
  if (plistStrings(plist, 'CFBundleIdentifier')[0] !== 'app.twofold.desktop') {
    problems.push('Info.plist CFBundleIdentifier is not app.twofold.desktop');
  }
  const integrity = plistStrings(plist, 'ElectronAsarIntegrity');
  if (!integrity.includes(layout.asarHeaderSha256)) {
    problems.push("Info.plist's ElectronAsarIntegrity does not hold the hash of this app.asar's header");
  }
  return problems;
}

/** Every problem with the layout, in words; empty when the package is right. */
export function checkLayout(layout: PackagedLayout, expected: LayoutExpectations): string[] {
  const problems: string[] = [];
  const ship = new Set(expected.ship);
  const seenModules = new Set<string>();
  const nativeDirs = new Set(expected.nativeModules.map((path) => moduleDirOf(path)));

  for (const path of layout.asar.keys()) {
    const why = residue(path);
    if (why) problems.push(`app.asar holds ${path}: ${why}`);
    const dir = moduleDirOf(path);
    if (dir !== null) {
      seenModules.add(dir);
      continue;
    }
    if (path !== 'package.json' && !APP_ROOTS.some((root) => path.startsWith(root))) {
      problems.push(`app.asar holds ${path}, which is outside out/ and resources/tray/`);
    }
  }
  for (const dir of [...seenModules].sort()) {
    const bad = forbiddenModule(dir);
    if (bad) problems.push(`app.asar holds ${dir}, which must never ship (${bad.replace(/\/$/, '')})`);
    else if (!ship.has(moduleNameOf(dir)))
      problems.push(`app.asar holds ${dir}, which main and preload do not load`);
  }
  const present = new Set(
    [...seenModules].filter((dir) => layout.asar.has(`${dir}/package.json`)).map(moduleNameOf),
  );
  for (const name of expected.ship) {
    if (!present.has(name)) problems.push(`${name} is missing from app.asar (main loads it)`);
  }
  for (const file of REQUIRED_FILES) {
    if (!layout.asar.has(file)) problems.push(`${file} is missing from app.asar`);
  }
  if (![...layout.asar.keys()].some((path) => /^resources\/tray\/.+\.png$/.test(path))) {
    problems.push('the tray icons (resources/tray/*.png) are missing from app.asar');
  }

  for (const native of expected.nativeModules) {
    if (!layout.unpacked.includes(native)) problems.push(`${native} is missing from app.asar.unpacked`);
    if (layout.asar.get(native)?.unpacked !== true) {
      problems.push(`${native} is not marked unpacked in app.asar, so it could not be loaded`);
    }
  }
  for (const file of layout.unpacked) {
    if (!nativeDirs.has(moduleDirOf(file))) {
      problems.push(`app.asar.unpacked holds ${file}: only packages with native code belong there`);
    }
  }
  for (const file of expected.asarFiles) {
    if (!layout.asar.has(file)) problems.push(`${file} is missing from app.asar (main reads it there)`);
  }

  const pkg = layout.packageJson;
  if (!pkg) problems.push('app.asar has no package.json');
  else {
    if (pkg.main?.replace(/^\.\//, '') !== 'out/main/index.js')
      problems.push(`package.json main is ${pkg.main}`);
    if (pkg.desktopName !== 'twofold.desktop')
      problems.push('package.json desktopName is not twofold.desktop');
  }

  if (layout.platform === 'mac') problems.push(...checkInfoPlist(layout, expected));
  else if (layout.desktopEntry === null) problems.push('no .desktop entry was written');
  else {
    const entry = parseDesktopEntry(layout.desktopEntry);
    const mime = (entry.get('MimeType') ?? '').split(';');
    for (const scheme of expected.schemes) {
      const times = mime.filter((type) => type === `x-scheme-handler/${scheme}`).length;
      if (times !== 1)
        problems.push(`the .desktop entry registers x-scheme-handler/${scheme} ${times} times, not once`);
    }
    if (!/ %U$/.test(entry.get('Exec') ?? ''))
      problems.push('the .desktop Exec line does not pass links (%U)');
    const categories = (entry.get('Categories') ?? '').split(';');
    if (!categories.includes('Utility') || !categories.includes('Security')) {
      problems.push(`the .desktop categories are ${entry.get('Categories')}, not Utility;Security`);
    }
    if (entry.get('Icon') !== 'twofold') problems.push(`the .desktop icon is ${entry.get('Icon')}`);
    if (entry.get('Name') !== 'Twofold') problems.push(`the .desktop name is ${entry.get('Name')}`);
  }
  if (!expected.schemes.includes('otpauth')) problems.push('the build config does not register otpauth');

  if (layout.fuses === null) problems.push('the Electron binary has no fuse wire');
  else {
    for (const [name, wanted] of Object.entries(electronFuses) as Array<
      [keyof typeof electronFuses, boolean]
    >) {
      const state = layout.fuses[FUSE_NAMES[name]];
      const want = wanted ? FUSE_ON : FUSE_OFF;
      if (state !== want) problems.push(`fuse ${name} is ${state === FUSE_ON ? 'on' : 'off'}`);
    }
  }

  // electron-builder writes a macOS app's app-update.yml only for its dmg and zip targets.
  if (layout.platform === 'mac') return problems;
  if (expected.updateUrl === null) {
    if (layout.updateConfig !== null)
      problems.push('app-update.yml is present though no feed was configured');
  } else if (layout.updateConfig === null)
    problems.push('app-update.yml is missing though a feed was configured');
  else {
    if (!/^provider: generic$/m.test(layout.updateConfig))
      problems.push('app-update.yml is not a generic feed');
    if (!layout.updateConfig.includes(`url: ${expected.updateUrl}`)) {
      problems.push(`app-update.yml does not point at ${expected.updateUrl}`);
    }
  }
  return problems;
}
