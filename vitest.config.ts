import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * A test file whose behaviour depends on the store (SQLite or PostgreSQL) says so on a line of its
 * own; the PostgreSQL pass (`npm run test:server:postgres`) runs those files only (issue 26).
 */
export const STORE_MARK = '// Store-dependent: the PostgreSQL pass runs this file too.';

/** The test files that carry STORE_MARK, as paths from the project's root ("test/server/…"). */
export function storeDependentFiles(): string[] {
  return readdirSync(join(import.meta.dirname, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join('test', file))
    .filter((file) =>
      readFileSync(join(import.meta.dirname, file), 'utf8')
        .split('\n')
        .includes(STORE_MARK),
    );
}

export default defineConfig({
  test: {
    include: process.env.TWOFOLD_TEST_STORE === 'postgres' ? storeDependentFiles() : ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: browser and server tests start real processes.
    maxWorkers: 2,
    reporters: ['default', './test/support/slowest-files-reporter.ts'],
    // A loaded 2-core machine takes seconds to show a state a quiet one shows at once: a poll
    // without its own deadline waits this long, not vitest's 1 s (issue 20, item 21).
    expect: { poll: { timeout: 15_000 } },
  },
});
