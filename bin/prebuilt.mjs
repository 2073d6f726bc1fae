// The prebuilt bins (the `twofold` CLI and the `twofold-server` account server): where each
// bundle lives, whether it may be used, and how a bin starts it (see scripts/build-bins.mjs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path) => new URL(`../${path}`, import.meta.url);

/**
 * Each bin: its TypeScript entry, its bundle (inside node_modules: `npm ci` removes it with
 * the packages it was built against), the source folders it is built from, files copied
 * beside the bundle (loaded at run time through `new URL(…, import.meta.url)`), the packages
 * left in node_modules (every other one is bundled), and the variable that forces the sources.
 */
export const BINS = {
  twofold: {
    entry: here('src/cli/main.ts'),
    bundle: here('node_modules/.cache/twofold-cli/twofold.mjs'),
    sources: ['src/cli', 'src/desktop', 'src/shared', 'src/node'],
    assets: [],
    // Native addons, and packages a command loads only when it needs them (a start of the CLI
    // then reads one file instead of hundreds).
    external: ['keytar', 'better-sqlite3', 'electron', 'undici', 'qrcode', 'libsodium-wrappers'],
    fromSourceEnv: 'TWOFOLD_CLI_FROM_SOURCE',
  },
  'twofold-server': {
    entry: here('src/server/bin.ts'),
    bundle: here('node_modules/.cache/twofold-server/twofold-server.mjs'),
    sources: ['src/server', 'src/shared', 'src/node'],
    // The SQLite checkpointer's worker thread (db/sqlite/checkpointer.ts).
    assets: ['src/server/db/sqlite/checkpoint-worker.mjs'],
    // Native addons and the optional native PostgreSQL client pg looks for.
    external: ['better-sqlite3', 'pg-native'],
    fromSourceEnv: 'TWOFOLD_SERVER_FROM_SOURCE',
  },
};

function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `bundle` when it exists and no file under `sources` changed after it was built, else null. */
export function freshBundle(bundle, sources) {
  try {
    const built = statSync(bundle).mtimeMs;
    return sources.every((dir) => newestMtime(dir) < built) ? bundle : null;
  } catch {
    return null;
  }
}

/** The prebuilt bin if it may run (its FROM_SOURCE variable set to 1 always runs the sources). */
export function freshBinBundle(name) {
  const bin = BINS[name];
  if (process.env[bin.fromSourceEnv] === '1') return null;
  return freshBundle(
    bin.bundle,
    bin.sources.map((dir) => fileURLToPath(here(dir))),
  );
}

/** The prebuilt CLI if it may run (TWOFOLD_CLI_FROM_SOURCE=1 always runs the sources). */
export function freshCliBundle() {
  return freshBinBundle('twofold');
}

/**
 * Starts a bin: its bundle when it is up to date (plain Node, fast start), else its
 * TypeScript sources through tsx, so it works right after `npm install` and never runs stale code.
 */
export async function startBin(name) {
  const bundle = freshBinBundle(name);
  if (bundle) {
    await import(bundle.href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(BINS[name].entry.href);
}
