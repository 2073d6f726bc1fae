// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { buildServer } from '../../src/server/app';
import type { Sql } from '../../src/server/db/sql';
import { addAccounts, openTestSql } from '../support/test-store';
import { loadServerKey, ServerKeyError } from '../../src/server/security/server-key';
import { keyFromSecret } from './helpers/codes';

/**
 * Time rules (back-off, lock, half-login, step-up and token expiry) with a
 * clock the test moves, on the real app and a real SQLite file, through fastify's inject.
 */
describe('security rules over time', { timeout: 90_000 }, () => {
  let dir: string;
  let db: Sql;
  let app: FastifyInstance;
  let now = Date.parse('2026-03-02T09:00:05Z');
  const advance = (ms: number) => (now += ms);

  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token?: string) => {
    const response = await app.inject({
      method,
      url: `/api/admin/v1${url}`,
      ...(payload ? { payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };
  const signIn = async (login: string, password: string, code?: string) =>
    api('POST', '/session', code ? { login, password, code } : { login, password });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-rules-'));
    db = await openTestSql(dir);
    await addAccounts(
      db,
      [
        ['root', 'admin'],
        ['carol', 'helpdesk'],
        ['dave', 'helpdesk'],
      ],
      now,
    );
    ({ app } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      clock: { nowMs: () => now },
    }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs off after 5 failures: even the right password waits, then works', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('carol', 'wrong')).status).toBe(401);
    const during = await signIn('carol', 'carol password');
    expect(during).toEqual({
      status: 401,
      body: { error: 'invalid_credentials', message: 'Wrong login or password.' },
    });
    advance(1_001);
    expect((await signIn('carol', 'carol password')).status).toBe(201);
  });

  it('locks after 10 failures until 15 minutes pass without one', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await signIn('dave', 'wrong')).status).toBe(401);
      advance(61_000); // past every back-off, so each attempt is really checked
    }
    const admin = (await signIn('root', 'root password')).body.token as string;
    const listed = await api('GET', '/users?locked=true', undefined, admin);
    expect((listed.body.users as { login: string }[]).map((u) => u.login)).toEqual(['dave']);
    advance(15 * 60_000 - 61_000 - 1);
    expect((await signIn('dave', 'dave password')).status).toBe(401);
    advance(15 * 60_000);
    expect((await signIn('dave', 'dave password')).status).toBe(201);
  });

  it('ends tokens after 15 minutes and step-ups after 10', async () => {
    const token = (await signIn('root', 'root password')).body.token as string;
    expect((await api('POST', '/session/step-up', { password: 'root password' }, token)).status).toBe(200);
    const carolId = 2;
    advance(10 * 60_000 + 1);
    const stale = await api('DELETE', `/users/${carolId}/2fa`, { reason: 'testing expiry rules' }, token);
    expect(stale.body.error).toBe('step_up_required');
    advance(5 * 60_000);
    expect((await api('GET', '/users', undefined, token)).status).toBe(401);
  });

  it('keeps secrets encrypted, codes and passwords hashed, and the audit append-only', async () => {
    const token = (await signIn('root', 'root password')).body.token as string;
    await api('POST', '/session/step-up', { password: 'root password' }, token);
    const setup = await api('POST', '/me/2fa/setup', {}, token);
    const secret = setup.body.secret as string;
    const key = keyFromSecret(secret);
    const code = nodeOtpEngine.totp(key, now / 1000);
    const enabled = await api('POST', '/me/2fa/enable', { code }, token);
    const recovery = enabled.body.recoveryCodes as string[];
    expect(recovery).toHaveLength(10);

    // The enrollment step is spent: the same code does not sign in.
    expect((await signIn('root', 'root password', code)).body.error).toBe('invalid_code');
    advance(30_000);
    expect((await signIn('root', 'root password', nodeOtpEngine.totp(key, now / 1000))).status).toBe(201);

    const row = (await db.get('SELECT * FROM users WHERE login = ?', ['root'])) as Record<string, unknown>;
    const stored = Buffer.from(row.totp_secret as Uint8Array);
    expect(stored.includes(Buffer.from(key.secret))).toBe(false);
    expect(stored.toString('latin1')).not.toContain(secret);
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const hashes = (await db.all<{ code_hash: string }>('SELECT code_hash FROM recovery_codes')).map(
      (r) => r.code_hash,
    );
    expect(hashes).toHaveLength(10);
    for (const c of recovery) expect(hashes.join(' ')).not.toContain(c.replace('-', ''));

    await expect(db.run('DELETE FROM audit')).rejects.toThrow(/append-only/);
    await expect(db.run("UPDATE audit SET reason = 'rewritten'")).rejects.toThrow(/append-only/);
  });

  it('expires a half-logged-in session after 5 minutes', async () => {
    const cookieOf = (setCookie: string | string[] | undefined) =>
      [setCookie ?? []]
        .flat()
        .map((c) => c.split(';')[0])
        .join('; ');
    const form = await app.inject({ method: 'GET', url: '/login' });
    let cookie = cookieOf(form.headers['set-cookie']);
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const password = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie },
      payload: { login: 'root', password: 'root password', csrf_token: csrf },
    });
    expect(password.headers.location).toBe('/login/2fa');
    cookie = cookieOf(password.headers['set-cookie']);
    const second = await app.inject({ method: 'GET', url: '/login/2fa', headers: { cookie } });
    const csrf2 = /name="csrf_token" value="([^"]+)"/.exec(second.body)?.[1] ?? '';
    advance(5 * 60_000 + 1);
    const late = await app.inject({
      method: 'POST',
      url: '/login/2fa',
      headers: { cookie },
      payload: { code: '000000', csrf_token: csrf2 },
    });
    expect(late.statusCode).toBe(401);
    expect(late.body).toContain('Your sign-in took too long');
  });

  it('keeps the server key outside the database, private to its owner', () => {
    const path = join(dir, 'fresh.key');
    const key = loadServerKey(path, undefined);
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadServerKey(path, undefined).equals(key)).toBe(true);
    chmodSync(path, 0o644);
    expect(() => loadServerKey(path, undefined)).toThrow(ServerKeyError);
    writeFileSync(join(dir, 'short.key'), 'abcd', { mode: 0o600 });
    expect(() => loadServerKey(join(dir, 'short.key'), undefined)).toThrow(/256-bit key/);
    expect(() => loadServerKey(path, 'not a key')).toThrow(/TWOFOLD_SERVER_KEY/);
    expect(loadServerKey(path, 'ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
  });

  it('refuses to start with a different server key than the database was created with', async () => {
    await expect(buildServer({ sql: db, serverKey: Buffer.alloc(32, 7) })).rejects.toThrow(
      /server key does not match the one this database was created with/,
    );
  });
});
