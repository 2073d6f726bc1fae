import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: browser and server tests start real processes.
    maxWorkers: 2,
    reporters: ['default'],
    // A loaded 2-core machine takes seconds to show a state a quiet one shows at once: a poll
    // without its own deadline waits this long, not vitest's 1 s (issue 20, item 21).
    expect: { poll: { timeout: 15_000 } },
  },
});
