// Store-dependent: the PostgreSQL pass runs this file too.
import { describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process';
import { TEST_STORE, withDatabase } from '../support/test-store';

/**
 * SIGTERM (issue 15): the server stops taking connections, lets the requests in
 * flight finish (each answered one's writes are committed) and exits 0 after
 * closing its database, as a process manager or a rolling deploy expects.
 */
describe(`graceful shutdown on ${TEST_STORE}`, { timeout: 120_000 }, () => {
  it('finishes the requests in flight, keeps what it answered, then exits 0', async () => {
    // No back-off: eight simultaneous sign-ins of one account stay under its limits.
    const server = await startServer({ env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0' } });
    try {
      await server.addUser({ login: 'root', name: 'Root', role: 'admin', password: 'root password' });
      // Sign-ins hash a password, one after another on a busy server: when the first is
      // answered the others are still in flight, and the signal comes then.
      let signalled = false;
      const signIns = Array.from({ length: 8 }, () =>
        fetch(`${server.baseUrl}/api/admin/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'root', password: 'root password' }),
        }).then(async (answer) => {
          const afterSignal = signalled;
          if (!signalled) {
            signalled = true;
            process.kill(server.pid, 'SIGTERM');
          }
          return { afterSignal, status: answer.status, body: (await answer.json()) as { token?: string } };
        }),
      );
      const answers = await Promise.all(signIns);
      const exit = await server.exited;
      expect(exit, server.stderr()).toEqual({ code: 0, signal: null });

      // Requests in flight at the signal were finished, not dropped: each got its whole
      // answer (a token, stored), or a 503 if the server had not begun it (nothing done).
      expect(answers.filter((answer) => answer.afterSignal && answer.status === 201).length).toBeGreaterThan(
        0,
      );
      for (const answer of answers) {
        expect([201, 503]).toContain(answer.status);
        if (answer.status === 201) expect(answer.body.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      }
      const tokens = await withDatabase(server.dbPath, (sql) =>
        sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM api_tokens'),
      );
      expect(Number(tokens?.n)).toBe(answers.filter((answer) => answer.status === 201).length);
    } finally {
      await server.stop();
    }
  });
});
