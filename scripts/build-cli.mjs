#!/usr/bin/env node
// Bundles the `twofold` CLI into one ES module (packages stay in node_modules), so a
// command starts without compiling TypeScript on the fly. Runs at `npm install` (prepare)
// and `npm run build`; bin/twofold.mjs uses the bundle only while it is newer than
// every source file, and the TypeScript sources through tsx otherwise. A failed build
// never fails an install: the CLI then runs from source.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE, CLI_ENTRY } from '../bin/cli-bundle.mjs';

try {
  await build({
    entryPoints: [fileURLToPath(CLI_ENTRY)],
    outfile: fileURLToPath(CLI_BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
} catch (error) {
  console.warn(`twofold: the CLI was not prebuilt (${error.message.split('\n')[0]}); it runs from source.`);
}
