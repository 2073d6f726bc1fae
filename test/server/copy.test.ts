// Store-dependent: the PostgreSQL pass runs this file too.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../support/skip';
import { runServerCli, startServer } from '../support/server-process';
import { freshDatabase, TEST_STORE, withDatabase } from '../support/test-store';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

/**
 * `twofold-server copy` (issue 15): a SQLite deployment moved to PostgreSQL keeps
 * every user's 2FA working. Needs the run's PostgreSQL cluster, so it runs in the
 * PostgreSQL pass of `npm test`.
 */
describe.skipIf(
  skipReason(
    'copy from SQLite to PostgreSQL',
    TEST_STORE === 'postgres' ? null : 'needs the PostgreSQL cluster: runs in npm run test:server:postgres',
  ),
)('twofold-server copy from SQLite to PostgreSQL', { timeout: 300_000 }, () => {
  // The deployment keeps its key in the file beside the SQLite file, as by default;
  // the PostgreSQL processes get it in TWOFOLD_SERVER_KEY, as the copy tells.
  const fileKey = { TWOFOLD_SERVER_KEY: '' };
  let env: Record<string, string>;
  let dir: string;
  let sqlitePath: string;
  let url: string;
  const codes = new Map<string, CodeSource>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-copy-'));
    sqlitePath = join(dir, 'deployment.sqlite');
    const old = await startServer({ env: fileKey, dbPath: sqlitePath });
    try {
      await old.addUser({ login: 'root', name: 'Root', role: 'admin', password: 'root password' });
      for (const login of ['alice', 'bob']) {
        await old.addUser({ login, name: login, role: 'user', password: `${login} password` });
        const web = new WebClient(old.baseUrl);
        await web.login(login, `${login} password`);
        await web.enableTwoFactor(`${login} password`, (secret) => {
          // One source per account: it never hands out a step it gave before (the replay guard).
          const source = CodeSource.of(secret);
          codes.set(login, source);
          return source.next();
        });
      }
      // Sessions, audit records, sign-in history and a token: every table has rows to copy.
      expect((await new ApiClient(old.baseUrl).signIn('root', 'root password')).status).toBe(201);
    } finally {
      await old.stop();
    }
    url = await freshDatabase(dir);
    env = { TWOFOLD_SERVER_KEY: readFileSync(`${sqlitePath}.key`, 'utf8').trim() };
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies every table, verified by counts and checksums, and refuses to copy twice', async () => {
    const copied = await runServerCli(['copy', '--from', sqlitePath, '--to', url], { env: fileKey });
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/^users\s+3 rows\s+sha256 [0-9a-f]{16}\s+same$/m);
    expect(copied.stdout).toMatch(/^recovery_codes\s+20 rows/m);
    expect(copied.stdout).toContain(
      `copied and verified; start the servers with --db set to the PostgreSQL URL and the deployment's key: TWOFOLD_SERVER_KEY=$(cat ${sqlitePath}.key)`,
    );
    expect(copied.stdout).not.toContain(env.TWOFOLD_SERVER_KEY);

    const again = await runServerCli(['copy', '--from', sqlitePath, '--to', url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds data');
  });

  it("keeps every user's 2FA working on PostgreSQL, and new rows get new ids", async () => {
    const moved = await startServer({ env, dbPath: url });
    try {
      for (const [login, source] of codes) {
        const web = new WebClient(moved.baseUrl);
        expect(await web.login(login, `${login} password`)).toBe('/login/2fa');
        const page = await web.get('/login/2fa');
        const answer = await web.post('/login/2fa', {
          code: await source.next(),
          csrf_token: WebClient.csrfOf(page.body),
        });
        expect(answer.location).toBe('/account');
      }
      await moved.addUser({ login: 'carol', name: 'carol', role: 'user', password: 'carol password' });
      const ids = await withDatabase(url, (sql) =>
        sql.all<{ id: number }>('SELECT id FROM users ORDER BY id'),
      );
      expect(ids.map((row) => row.id)).toEqual([1, 2, 3, 4]);
      expect(codes.size).toBe(2);
    } finally {
      await moved.stop();
    }
  });

  it('refuses a server key other than the one the deployment was made with', async () => {
    const wrongKey = { TWOFOLD_SERVER_KEY: randomBytes(32).toString('hex') };
    await expect(startServer({ env: wrongKey, dbPath: url })).rejects.toThrow(/server key does not match/);
  });
});
