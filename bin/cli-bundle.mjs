// Where the prebuilt CLI lives, and whether it may be used (see scripts/build-cli.mjs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = new URL('../src/cli/main.ts', import.meta.url);
// Inside node_modules: `npm ci` removes it with the packages it was built against.
export const CLI_BUNDLE = new URL('../node_modules/.cache/twofold-cli/twofold.mjs', import.meta.url);
const SOURCES = ['src/cli', 'src/desktop', 'src/shared'].map((dir) =>
  fileURLToPath(new URL(`../${dir}`, import.meta.url)),
);

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

/** The prebuilt CLI if it may run (TWOFOLD_CLI_FROM_SOURCE=1 always runs the sources). */
export function freshCliBundle() {
  return process.env.TWOFOLD_CLI_FROM_SOURCE === '1' ? null : freshBundle(CLI_BUNDLE, SOURCES);
}
