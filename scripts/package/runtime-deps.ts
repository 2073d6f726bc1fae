// Which installed packages the desktop app loads at run time, worked out from the built
// main process (out/main) rather than kept by hand: package.json's `dependencies` also
// serve the account server and the CLI, which never ship in the desktop package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

const builtins = new Set(builtinModules);
/**
 * Declared as dependencies but never loaded by a running app: keytar's installer
 * (prebuild-install fetches or builds keytar.node at `npm install`) and type packages.
 */
const notLoadedAtRunTime = (name: string): boolean =>
  name === 'prebuild-install' || name.startsWith('@types/');

/** The bare module specifiers a bundled ES module or CommonJS file imports. */
export function bareImports(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.add(match[1] ?? '');
  // A specifier starts as a package name does (bundled text such as `"audit.from": "From"` matches too).
  return [...found].filter((spec) => /^[@a-z0-9]/i.test(spec));
}

/** The npm package a specifier names ('@a/b/c' → '@a/b'), or null for Node built-ins and Electron. */
export function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  return name === 'electron' ? null : name;
}

/** Packages imported by the built main process and preload (out/main, out/preload). */
export function builtRuntimeImports(outDir: string): string[] {
  const names = new Set<string>();
  for (const folder of ['main', 'preload']) {
    const dir = join(outDir, folder);
    if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` first`);
    for (const file of readdirSync(dir)) {
      if (!/\.(c|m)?js$/.test(file)) continue;
      for (const spec of bareImports(readFileSync(join(dir, file), 'utf8'))) {
        const name = packageNameOf(spec);
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Node's lookup: <dir>/node_modules/<name>, then each parent folder's, up to the project root. */
function locate(root: string, fromDir: string, name: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
}

/**
 * Every installed package folder (relative to root, '/'-separated) that the named
 * packages need, following dependencies, optional and peer dependencies that are installed.
 */
export function dependencyClosure(
  root: string,
  names: readonly string[],
  skip: (name: string) => boolean = notLoadedAtRunTime,
): string[] {
  const seen = new Set<string>();
  const queue: Array<{ from: string; name: string; required: boolean }> = names.map((name) => ({
    from: root,
    name,
    required: true,
  }));
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next) break;
    if (skip(next.name)) continue;
    const dir = locate(root, next.from, next.name);
    if (dir === null) {
      if (next.required) throw new Error(`${next.name} is needed at run time but not installed`);
      continue;
    }
    const rel = relative(root, dir).split(sep).join('/');
    if (seen.has(rel)) continue;
    seen.add(rel);
    const manifest = readManifest(dir);
    for (const name of Object.keys(manifest.dependencies ?? {}))
      queue.push({ from: dir, name, required: true });
    for (const name of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies })) {
      queue.push({ from: dir, name, required: false });
    }
  }
  return [...seen].sort();
}

/** The package name of a node_modules folder ('node_modules/a/node_modules/@b/c' → '@b/c'). */
export function moduleNameOf(dir: string): string {
  return dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/**
 * electron-builder's `files` exclusions that keep the server-only packages out. By name
 * where the app ships no package of that name (electron-builder may hoist a nested
 * package to the top), by folder where it ships another version of it.
 */
export function keepOutPatterns(modules: PackagedModules): string[] {
  const shipped = new Set(modules.ship.map(moduleNameOf));
  const patterns = new Set<string>();
  for (const dir of modules.keepOut) {
    const name = moduleNameOf(dir);
    patterns.add(shipped.has(name) ? `!${dir}{,/**}` : `!**/node_modules/${name}{,/**}`);
  }
  return [...patterns].sort();
}

export interface PackagedModules {
  /** Package folders the desktop app needs: they ship. */
  ship: string[];
  /** Production dependencies of the project that only the server or the CLI use: kept out. */
  keepOut: string[];
}

export function packagedModules(root: string, outDir = join(root, 'out')): PackagedModules {
  const ship = dependencyClosure(root, builtRuntimeImports(outDir));
  const production = dependencyClosure(root, Object.keys(readManifest(root).dependencies ?? {}), () => false);
  const shipped = new Set(ship);
  return { ship, keepOut: production.filter((dir) => !shipped.has(dir)) };
}
