import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureRendererBuilt } from './host-page';
import { startPostgresCluster } from './postgres-cluster';

/**
 * Builds the app once before any test file runs, so `npm test` works on a clean
 * checkout and no test file rebuilds out/ while another has a page open. With
 * TWOFOLD_TEST_STORE=postgres, starts one private PostgreSQL cluster for the run
 * (each test file makes its own databases on it) and stops it at the end.
 */
export default async function setup(): Promise<() => void> {
  await ensureRendererBuilt();
  // The prebuilt CLI, as `npm install` makes it: the CLI tests run what users run.
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build-bins.mjs')], {
    stdio: 'inherit',
  });
  if (process.env.TWOFOLD_TEST_STORE !== 'postgres') return () => undefined;
  const cluster = await startPostgresCluster({ durable: false });
  // Test workers start after this and inherit it.
  process.env.TWOFOLD_TEST_PG_URL = cluster.urlOf('postgres');
  return () => cluster.stop();
}
