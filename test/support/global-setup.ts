import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureRendererBuilt } from './host-page';
import { chromiumUnavailable, startSharedChromium } from './chromium';
import { startPostgresCluster } from './postgres-cluster';

/**
 * Builds the app once before any test file runs, so `npm test` works on a clean
 * checkout and no test file rebuilds out/ while another has a page open; starts the one
 * Chromium the browser test files share. With
 * TWOFOLD_TEST_STORE=postgres, starts one private PostgreSQL cluster for the run
 * (each test file makes its own databases on it) and stops it at the end.
 */
export default async function setup(): Promise<() => void> {
  await ensureRendererBuilt();
  // The prebuilt CLI, as `npm install` makes it: the CLI tests run what users run.
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build-bins.mjs')], {
    stdio: 'inherit',
  });
  // One Chromium for the whole run: every browser test file connects to it.
  const browser = chromiumUnavailable() === null ? await startSharedChromium() : undefined;
  if (process.env.TWOFOLD_TEST_STORE !== 'postgres') return async () => await browser?.close();
  const cluster = await startPostgresCluster({ durable: false });
  // Test workers start after this and inherit it.
  process.env.TWOFOLD_TEST_PG_URL = cluster.urlOf('postgres');
  return async () => {
    await browser?.close();
    cluster.stop();
  };
}
