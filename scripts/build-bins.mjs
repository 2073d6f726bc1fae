#!/usr/bin/env node
// Bundles the `twofold` CLI and the `twofold-server` account server, each into one ES module
// (with the packages they use, but native addons and those loaded on demand) with the files it loads at run time copied beside it, so
// they start on plain Node without compiling TypeScript. Runs at `npm install` (prepare) and
// `npm run build`; each bin uses its bundle only while it is newer than every source file
// (bin/prebuilt.mjs), and the TypeScript sources through tsx otherwise. A failed build never
// fails an install: that bin then runs from source.
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BINS } from '../bin/prebuilt.mjs';

const ROOT = resolve(import.meta.dirname, '..');

async function buildBin(name) {
  const bin = BINS[name];
  const bundlePath = fileURLToPath(bin.bundle);
  const dir = dirname(bundlePath);
  // Written beside the bundle and renamed over it: a bin starting meanwhile never reads half a
  // file, and a bundle hard-linked into another checkout (cp -al) is replaced, not rewritten.
  const partial = (path) => `${path}.${process.pid}.partial${path.endsWith('.mjs') ? '.mjs' : ''}`;
  const partialPath = partial(bundlePath);
  const written = [];
  try {
    mkdirSync(dir, { recursive: true });
    const result = await build({
      entryPoints: [fileURLToPath(bin.entry)],
      outfile: partialPath,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: bin.external,
      // Bundled CommonJS packages call require() (for Node's own modules among others).
      banner: {
        js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
      },
      metafile: true,
      logLevel: 'warning',
    });
    written.push(partialPath);
    // The bundle counts as fresh only while its sources are older: a file read from elsewhere
    // would go stale unnoticed, so the list in bin/prebuilt.mjs must cover every input.
    const outside = Object.keys(result.metafile.inputs).filter(
      (input) =>
        !input.includes('node_modules/') &&
        !bin.sources.some(
          (dir) => relative(dir, relative(ROOT, resolve(ROOT, input))).split('/')[0] !== '..',
        ),
    );
    if (outside.length > 0)
      throw new Error(`${outside[0]} is outside the sources listed in bin/prebuilt.mjs`);
    // Assets first, the bundle last: its time stamp says the whole set is built.
    for (const asset of bin.assets) {
      const target = resolve(dir, basename(asset));
      copyFileSync(resolve(ROOT, asset), partial(target));
      written.push(partial(target));
      renameSync(partial(target), target);
    }
    renameSync(partialPath, bundlePath);
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    console.warn(`${name}: not prebuilt (${error.message.split('\n')[0]}); it runs from source.`);
  }
}

for (const name of Object.keys(BINS)) await buildBin(name);
