import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureRendererBuilt } from './host-page';

/**
 * Builds the app once before any test file runs, so `npm test` works on a clean
 * checkout and no test file rebuilds out/ while another has a page open.
 */
export default async function setup(): Promise<void> {
  await ensureRendererBuilt();
  // The prebuilt CLI, as `npm install` makes it: the CLI tests run what users run.
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build-cli.mjs')], {
    stdio: 'inherit',
  });
}
