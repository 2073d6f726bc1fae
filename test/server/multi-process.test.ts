// Store-dependent: the PostgreSQL pass runs this file too.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../src/shared/otp';
import { hashPassword } from '../../src/server/security/password';
import { createSecretBox } from '../../src/server/security/secret-box';
import { userContext } from '../../src/server/services/two-factor';
import { startServer, type RunningServer } from '../support/server-process';
import { TEST_STORE, withDatabase } from '../support/test-store';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';

const keyOf = (secret: Uint8Array) => ({
  type: 'totp' as const,
  secret,
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
});
import type { Role } from '../../src/shared/admin-api/vocabulary';

/**
 * Three server processes on one database (issue 15): every guarantee is the
 * database's, so it holds whichever process a request reaches. Runs on SQLite
 * (one file, three processes) and, in the PostgreSQL pass, on PostgreSQL.
 */
describe(`three server processes on one ${TEST_STORE} database`, { timeout: 240_000 }, () => {
  const key = randomBytes(32);
  const env = { TWOFOLD_SERVER_KEY: key.toString('hex'), TWOFOLD_SERVER_BACKOFF_BASE_MS: '0' };
  let servers: RunningServer[] = [];
  const secret = randomBytes(20);

  /** Accounts written straight into the database: `user add` runs take minutes on a busy machine. */
  const addUser = (login: string, role: Role, withTwoFactor = false) =>
    withDatabase(servers[0]!.dbPath, async (sql) => {
      const row = await sql.get<{ id: number }>(
        `INSERT INTO users (login, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
        [login, login, role, await hashPassword(`${login} password`), Date.now()],
      );
      const id = row!.id;
      if (withTwoFactor) {
        await sql.run('UPDATE users SET totp_secret = ?, totp_enabled_at = ? WHERE id = ?', [
          createSecretBox(key).seal(secret, userContext(id)),
          Date.now(),
          id,
        ]);
      }
      return id;
    });

  beforeAll(async () => {
    const first = await startServer({ env });
    servers = [first];
    servers.push(...(await Promise.all([1, 2].map(() => startServer({ env, dbPath: first.dbPath })))));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('accepts the same code sent 50 times at once to all three exactly once', async () => {
    await addUser('desk', 'helpdesk');
    const alice = await addUser('alice', 'user', true);
    const desk = new ApiClient(servers[0]!.baseUrl);
    expect((await desk.signIn('desk', 'desk password')).status).toBe(201);
    const code = await CodeSource.of(encodeBase32(secret)).next();
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const response = await fetch(`${servers[i % 3]!.baseUrl}/api/admin/v1/users/${alice}/2fa/check`, {
          method: 'POST',
          headers: { authorization: `Bearer ${desk.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as { valid: boolean }).valid;
      }),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
    const accepted = await withDatabase(servers[0]!.dbPath, (sql) =>
      sql.all("SELECT id FROM audit WHERE action = 'user.2fa.check' AND result = 'ok'"),
    );
    expect(accepted).toHaveLength(1);
  });

  it('counts failures spread over the processes together: ten lock the account on all of them', async () => {
    await addUser('bob', 'helpdesk');
    for (let i = 0; i < 10; i++) {
      const answer = await new ApiClient(servers[i % 3]!.baseUrl).signIn('bob', 'wrong password');
      expect(answer.status).toBe(401);
    }
    for (const server of servers) {
      expect((await new ApiClient(server.baseUrl).signIn('bob', 'bob password')).status).toBe(401);
    }
    const row = await withDatabase(servers[0]!.dbPath, (sql) =>
      sql.get<{ failed_count: number }>("SELECT failed_count FROM users WHERE login = 'bob'"),
    );
    expect(row?.failed_count).toBe(10);
  });

  it("counts the help desk's wrong codes on every process: ten at once lock the account, then the right code is refused", async () => {
    await addUser('frank', 'helpdesk');
    const gina = await addUser('gina', 'user', true);
    const frank = new ApiClient(servers[0]!.baseUrl);
    expect((await frank.signIn('frank', 'frank password')).status).toBe(201);
    const check = (server: RunningServer, code: string) =>
      fetch(`${server.baseUrl}/api/admin/v1/users/${gina}/2fa/check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${frank.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      }).then(async (response) => {
        const body = (await response.json()) as { valid: boolean };
        expect(response.status, JSON.stringify(body)).toBe(200);
        return body.valid;
      });
    const codes = CodeSource.of(encodeBase32(secret));
    const wrong = await Promise.all(
      Array.from({ length: 15 }, (_, i) => check(servers[i % 3]!, codes.wrong())),
    );
    expect(wrong.filter(Boolean)).toHaveLength(0);
    const right = await codes.next();
    for (const server of servers) expect(await check(server, right)).toBe(false);
    const row = await withDatabase(servers[0]!.dbPath, (sql) =>
      sql.get<{ failed_count: number; totp_last_step: number | null }>(
        "SELECT failed_count, totp_last_step FROM users WHERE login = 'gina'",
      ),
    );
    // Counted up to the limit and no further; the refused right code spent nothing.
    expect(row).toEqual({ failed_count: 10, totp_last_step: null });
  });

  it('honours a token and its step-up made on one process on the others', async () => {
    await addUser('root', 'admin');
    const carol = await addUser('carol', 'user', true);
    const one = new ApiClient(servers[0]!.baseUrl);
    expect((await one.signIn('root', 'root password')).status).toBe(201);
    const two = Object.assign(new ApiClient(servers[1]!.baseUrl), { token: one.token });
    const three = Object.assign(new ApiClient(servers[2]!.baseUrl), { token: one.token });
    expect((await two.call('GET', '/me')).status).toBe(200);
    expect(
      (await three.call('DELETE', `/users/${carol}/2fa`, { reason: 'Lost phone, ticket 7' })).status,
    ).toBe(403);
    expect((await two.stepUp('root password')).status).toBe(200);
    // The proof (issue 25): carol reads out a code from her authenticator, checked on another process.
    const code = await new CodeSource(keyOf(secret)).next();
    const disabled = await three.call<{ twofa: { enabled: boolean } }>('DELETE', `/users/${carol}/2fa`, {
      reason: 'Lost phone, ticket 7',
      ...(await two.callerCheck(carol, code)),
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.twofa.enabled).toBe(false);
    expect((await one.call('DELETE', '/session')).status).toBeLessThan(300);
    expect((await three.call('GET', '/me')).status).toBe(401);
  });

  it('loses nothing it answered as done when a process is killed in the middle of a burst', async () => {
    await addUser('erin', 'helpdesk');
    const dave = await addUser('dave', 'user', true);
    const erin = new ApiClient(servers[1]!.baseUrl);
    expect((await erin.signIn('erin', 'erin password')).status).toBe(201);
    const victim = servers[2]!;
    let answered = 0;
    const burst = Array.from({ length: 90 }, async (_, i) => {
      try {
        const response = await fetch(`${servers[i % 3]!.baseUrl}/api/admin/v1/users/${dave}/2fa/check`, {
          method: 'POST',
          headers: { authorization: `Bearer ${erin.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ code: '000000' }),
        });
        // A 200 says the check was audited (the audit row is committed before the answer).
        if (response.status === 200) answered++;
      } catch {
        // The killed process's connections break: those requests were never answered.
      }
    });
    setTimeout(() => process.kill(victim.pid, 'SIGKILL'), 30);
    await Promise.all(burst);
    const recorded = await withDatabase(servers[0]!.dbPath, (sql) =>
      sql.all("SELECT id FROM audit WHERE action = 'user.2fa.check' AND target = 'dave'"),
    );
    expect(answered).toBeGreaterThan(0);
    expect(recorded.length).toBeGreaterThanOrEqual(answered);
    // The survivors still answer.
    expect((await erin.call('GET', '/me')).status).toBe(200);
  });
});
