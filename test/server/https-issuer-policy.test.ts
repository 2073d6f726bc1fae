// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import type { Sql } from '../../src/server/db/sql';
import { openTestSql } from '../support/test-store';
import { UserStore } from '../../src/server/db/users';
import { hashPassword } from '../../src/server/security/password';
import { loadServerKey } from '../../src/server/security/server-key';

/**
 * Issue 9, items 7 to 9 on the real app and SQLite file through inject: cookies
 * and HSTS over https (also behind a trusted proxy), the otpauth issuer never
 * taken from an unlisted Host header, and the admin-account policy (no-2FA flag
 * at sign-in, unlock behind a step-up, only known `?notice=` names).
 */
describe('https cookies, the issuer and the admin policy', { timeout: 90_000 }, () => {
  let dir: string;
  let db: Sql;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-https-'));
    db = await openTestSql(dir);
    const users = new UserStore(db);
    for (const [login, role] of [
      ['root', 'admin'],
      ['bob', 'user'],
    ] as const) {
      await users.insert({
        login,
        name: login,
        role,
        passwordHash: await hashPassword(`${login} password`),
        now: Date.now(),
      });
    }
    ({ app } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      trustProxy: { addresses: ['127.0.0.1'] },
      allowedHosts: ['accounts.example.com', '127.0.0.1'],
    }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = (url: string, headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'GET', url, headers, remoteAddress });

  it('over https behind the trusted proxy: __Host- cookies, Secure, and HSTS', async () => {
    const answer = await page('/login', { 'x-forwarded-proto': 'https' });
    const cookie = answer.headers['set-cookie'] as string;
    expect(cookie).toMatch(/^__Host-twofold_session=[^;]+;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(answer.headers['strict-transport-security']).toBe('max-age=63072000');

    // The session works under its prefixed name, and a bare-named cookie is not read over https.
    const value = /^__Host-twofold_session=([^;]+)/.exec(cookie)![1]!;
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(answer.body)![1]!;
    const login = (cookieHeader: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-proto': 'https', cookie: cookieHeader },
        payload: { login: 'bob', password: 'bob password', csrf_token: csrf },
      });
    expect((await login(`twofold_session=${value}`)).statusCode).toBe(403);
    const signedIn = await login(`__Host-twofold_session=${value}`);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account');
  });

  it('over plain http, or with a scheme header from a peer that is not the proxy: no prefix, no HSTS', async () => {
    const plain = await page('/login', {});
    expect(plain.headers['set-cookie']).toMatch(/^twofold_session=/);
    expect(plain.headers['set-cookie']).not.toMatch(/Secure/);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const forged = await page('/login', { 'x-forwarded-proto': 'https' }, '198.51.100.1');
    expect(forged.headers['set-cookie']).toMatch(/^twofold_session=/);
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });

  const signIn = async (): Promise<{ token: string; twofaEnabled: boolean }> => {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/admin/v1/session',
      payload: { login: 'root', password: 'root password' },
    });
    expect(answer.statusCode).toBe(201);
    return answer.json();
  };
  const api = (token: string, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
    app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload ? { payload } : {}),
    });

  it('takes the otpauth issuer from the allow-list, never from an unlisted Host header', async () => {
    const { token } = await signIn();
    expect((await api(token, 'POST', '/session/step-up', { password: 'root password' })).statusCode).toBe(
      200,
    );
    const issuerFor = async (headers: Record<string, string>) => {
      const answer = await api(token, 'POST', '/me/2fa/setup', {}, headers);
      expect(answer.statusCode).toBe(200);
      return new URL((answer.json() as { otpauthUri: string }).otpauthUri).searchParams.get('issuer');
    };
    expect(await issuerFor({ host: 'evil.example' })).toBe('accounts.example.com');
    // An address alone is no name for a person (issue 12: an account named "127.0.0.1").
    expect(await issuerFor({ host: '127.0.0.1:8069' })).toBe('Twofold (127.0.0.1, port 8069)');
    expect(await issuerFor({ host: '127.0.0.1' })).toBe('Twofold (127.0.0.1)');
    expect(await issuerFor({ host: 'ACCOUNTS.example.com' })).toBe('accounts.example.com');
    expect(await issuerFor({ host: '127.0.0.1', 'x-forwarded-host': 'evil.example' })).toBe(
      'accounts.example.com',
    );
  });

  it('tells a client at sign-in that the account has no 2FA yet', async () => {
    expect((await signIn()).twofaEnabled).toBe(false);
  });

  it('asks for a step-up before an unlock, like the other destructive actions', async () => {
    const { token } = await signIn();
    const bob = ((await db.get("SELECT id FROM users WHERE login = 'bob'")) as { id: number }).id;
    const refused = await api(token, 'POST', `/users/${bob}/unlock`, { reason: 'Bob called the desk' });
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as { error: string }).error).toBe('step_up_required');
    expect((await api(token, 'POST', '/session/step-up', { password: 'root password' })).statusCode).toBe(
      200,
    );
    expect(
      (await api(token, 'POST', `/users/${bob}/unlock`, { reason: 'Bob called the desk' })).statusCode,
    ).toBe(200);
  });

  it('shows only known notices', async () => {
    const form = await page('/login', {});
    const cookie = (form.headers['set-cookie'] as string).split(';')[0]!;
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(form.body)![1]!;
    const signedIn = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie },
      payload: { login: 'bob', password: 'bob password', csrf_token: csrf },
    });
    const session = (signedIn.headers['set-cookie'] as string).split(';')[0]!;
    for (const notice of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const answer = await page(`/account/security?notice=${notice}`, { cookie: session });
      expect(answer.statusCode).toBe(200);
      expect(answer.body).not.toContain('class="notice');
      expect(answer.body).not.toContain('native code');
    }
    const known = await page('/account/security?notice=disabled', { cookie: session });
    expect(known.body).toContain('Two-factor authentication is off.');
  });
});
