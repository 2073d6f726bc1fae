// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../support/skip';
import { runServerCli, startServer, type RunningServer } from '../support/server-process';
import { TEST_STORE, withDatabase } from '../support/test-store';

/**
 * TWOFOLD_SERVER_DB_POOL bounds the connections each process opens, so that N
 * processes fit in PostgreSQL's max_connections.
 */
describe.skipIf(
  skipReason(
    'PostgreSQL connection pool',
    TEST_STORE === 'postgres' ? null : 'needs the PostgreSQL cluster: runs in npm run test:server:postgres',
  ),
)('the PostgreSQL connection pool', { timeout: 120_000 }, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { TWOFOLD_SERVER_DB_POOL: '2' } });
  }, 90_000);
  afterAll(() => server.stop());

  it('opens no more connections than TWOFOLD_SERVER_DB_POOL however many requests wait', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => fetch(`${server.baseUrl}/readyz`)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const connections = await withDatabase(server.dbPath, (sql) =>
      sql.get<{ n: number }>(
        'SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      ),
    );
    expect(connections?.n).toBeGreaterThanOrEqual(1);
    expect(connections?.n).toBeLessThanOrEqual(2);
  });

  it('refuses a pool size that is not a number of connections', async () => {
    for (const value of ['0', 'ten', '5000']) {
      const answer = await runServerCli(['user', 'list', '--db', server.dbPath], {
        env: { TWOFOLD_SERVER_DB_POOL: value },
      });
      expect(answer.code).toBe(2);
      expect(answer.stderr.trim()).toBe(
        `twofold-server: TWOFOLD_SERVER_DB_POOL must be a number of connections from 1 to 1000, not "${value}".`,
      );
    }
  });
});
