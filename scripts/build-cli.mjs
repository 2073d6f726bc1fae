#!/usr/bin/env node
// Bundles the `twofold` CLI into one ES module (packages stay in node_modules), so a
// command starts without compiling TypeScript on the fly. Runs at `npm install` (prepare)
// and `npm run build`; bin/twofold.mjs uses the bundle only while it is newer than
// every source file, and the TypeScript sources through tsx otherwise. A failed build
// never fails an install: the CLI then runs from source.
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE, CLI_ENTRY } from '../bin/cli-bundle.mjs';

// Written beside the bundle and renamed over it: a CLI starting meanwhile never reads half a
// file, and a bundle hard-linked into another checkout (cp -al) is replaced, not rewritten.
const bundlePath = fileURLToPath(CLI_BUNDLE);
const partialPath = `${bundlePath}.${process.pid}.partial.mjs`;
try {
  await build({
    entryPoints: [fileURLToPath(CLI_ENTRY)],
    outfile: partialPath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  renameSync(partialPath, bundlePath);
} catch (error) {
  rmSync(partialPath, { force: true });
  console.warn(`twofold: the CLI was not prebuilt (${error.message.split('\n')[0]}); it runs from source.`);
}
