import { ensureRendererBuilt } from './host-page';

/**
 * Builds the app once before any test file runs, so `npm test` works on a clean
 * checkout and no test file rebuilds out/ while another has a page open.
 */
export default async function setup(): Promise<void> {
  await ensureRendererBuilt();
}
