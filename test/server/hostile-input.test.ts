// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerCli, startServer, type RunningServer } from '../support/server-process';
import { withDatabase } from '../support/test-store';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

describe('hostile input is refused with the right status and changes nothing', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let admin: ApiClient;
  let desk: ApiClient;
  let secondId: number;
  let secondCodes: CodeSource;

  const raw = (path: string, init: RequestInit) => fetch(`${server.baseUrl}${path}`, init);
  const apiTokenCount = async () =>
    Number(
      (
        await withDatabase(server.dbPath, (sql) =>
          sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM api_tokens'),
        )
      )?.n,
    );
  const userCount = async () =>
    (await runServerCli(['user', 'list', '--db', server.dbPath])).stdout.trim().split('\n').length - 1;

  beforeAll(async () => {
    server = await startServer({ env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0' } });
    await Promise.all([
      server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' }),
      server.addUser({ login: 'second', name: 'Second Admin', role: 'admin', password: 'second password' }),
      server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password' }),
      server.addUser({ login: 'alice', name: 'Alice Example', role: 'user', password: 'alice password' }),
    ]);
    admin = new ApiClient(server.baseUrl);
    desk = new ApiClient(server.baseUrl);
    await admin.signIn('root', 'root password');
    await desk.signIn('desk', 'desk password');
    // The second admin enrolls, so there is 2FA state that must survive the attacks below.
    const second = new ApiClient(server.baseUrl);
    await second.signIn('second', 'second password');
    await second.stepUp('second password');
    const setup = await second.call<{ secret: string }>('POST', '/me/2fa/setup', {});
    secondCodes = CodeSource.of(setup.body.secret);
    expect((await second.call('POST', '/me/2fa/enable', { code: await secondCodes.next() })).status).toBe(
      200,
    );
    secondId = await admin.userId('second');
  }, 120_000);
  afterAll(async () => server?.stop());

  const secondEnabled = async () =>
    ((await admin.call('GET', `/users/${secondId}`)).body as { twofa: { enabled: boolean } }).twofa.enabled;

  it('refuses oversized bodies with 413', async () => {
    const big = JSON.stringify({ login: 'root', password: 'x'.repeat(20_000) });
    const api = await raw('/api/admin/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(api.status).toBe(413);
    expect(await api.json()).toMatchObject({ error: 'too_large' });
    const form = await raw('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `login=root&password=${'x'.repeat(20_000)}`,
    });
    expect(form.status).toBe(413);
    expect(await form.text()).toContain('The request is too large.');
  });

  it('refuses malformed JSON, unknown fields, wrong types and media types with 4xx and a message', async () => {
    const headers = { 'content-type': 'application/json' };
    const broken = await raw('/api/admin/v1/session', { method: 'POST', headers, body: '{"login": "root",' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'bad_request' });
    const extra = await admin.call('POST', '/session', {
      login: 'root',
      password: 'root password',
      admin: true,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('Unknown field(s)');
    const wrongType = await admin.call('POST', '/session', { login: ['root'], password: 1 });
    expect(wrongType.status).toBe(400);
    const text = await raw('/api/admin/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(text.status).toBe(415);
    expect((await admin.call('POST', '/users/abc/unlock', { reason: 'why not' })).status).toBe(400);
    expect((await admin.call('POST', '/users/-1/unlock', { reason: 'why not' })).status).toBe(400);
    expect((await admin.call('POST', '/users/99999/unlock', { reason: 'why not' })).status).toBe(404);
  });

  it('takes JSON only on the admin API: a form (as another site can post) is refused with 415', async () => {
    const tokensBefore = await apiTokenCount();
    const form = await raw('/api/admin/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=root&password=root+password',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({
      error: 'unsupported_media_type',
      message: 'The admin API takes JSON only: send the body as application/json.',
    });
    // A form with a bearer token (a page that somehow had one) is refused before any work too.
    const aliceId = await admin.userId('alice');
    const unlock = await raw(`/api/admin/v1/users/${aliceId}/unlock`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${admin.token ?? ''}`,
      },
      body: 'reason=a+reason+long+enough',
    });
    expect(unlock.status).toBe(415);
    // A body without a type is not JSON either; no body at all is fine.
    const untyped = await raw('/api/admin/v1/session', {
      method: 'POST',
      body: new Blob(['{"login":"root","password":"root password"}']),
    });
    expect(untyped.status).toBe(415);
    expect(
      (await raw('/api/admin/v1/me', { headers: { authorization: `Bearer ${admin.token ?? ''}` } })).status,
    ).toBe(200);
    expect(await apiTokenCount()).toBe(tokensBefore);
    // The web pages keep their forms.
    const web = new WebClient(server.baseUrl);
    expect(await web.login('alice', 'alice password')).toBe('/account');
  });

  it('refuses forms without the session CSRF token, and changes nothing', async () => {
    const web = new WebClient(server.baseUrl);
    await web.get('/login');
    const missing = await web.post('/login', { login: 'alice', password: 'alice password' });
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('This form has expired or did not come from this site');
    const other = new WebClient(server.baseUrl);
    const foreign = WebClient.csrfOf((await other.get('/login')).body);
    const forged = await web.post('/login', {
      login: 'alice',
      password: 'alice password',
      csrf_token: foreign,
    });
    expect(forged.status).toBe(403);
    expect((await web.get('/account')).location).toBe('/login');

    expect(await web.login('alice', 'alice password')).toBe('/account');
    const enable = await web.post('/account/security/enable', { csrf_token: 'not-the-token' });
    expect(enable.status).toBe(403);
    const logout = await web.post('/logout', {});
    expect(logout.status).toBe(403);
    expect((await web.get('/account')).status).toBe(200);
  });

  it('treats SQL-looking and markup-looking strings as plain text', async () => {
    const before = await userCount();
    const web = new WebClient(server.baseUrl);
    for (const login of ["alice' OR '1'='1", "alice'; DROP TABLE users; --", '"<script>alert(1)</script>']) {
      const form = await web.get('/login');
      const answer = await web.post('/login', {
        login,
        password: "' OR ''='",
        csrf_token: WebClient.csrfOf(form.body),
      });
      expect(answer.status).toBe(401);
      expect(answer.body).not.toContain('<script>alert(1)</script>');
    }
    const api = await new ApiClient(server.baseUrl).signIn("root' --", 'anything');
    expect(api.status).toBe(401);
    const search = await admin.call<{ total: number }>('GET', `/users?q=${encodeURIComponent('%')}`);
    expect(search.body.total).toBe(0);
    expect(await userCount()).toBe(before);
  });

  it('refuses a help-desk token acting on an admin, and a token acting on itself', async () => {
    await desk.stepUp('desk password');
    const onAdmin = await desk.call('DELETE', `/users/${secondId}/2fa`, {
      reason: 'social engineering attempt',
    });
    expect(onAdmin.status).toBe(403);
    const check = await desk.call('POST', `/users/${secondId}/2fa/check`, { code: '123456' });
    expect(check.status).toBe(403);
    expect(await secondEnabled()).toBe(true);

    const self = new ApiClient(server.baseUrl);
    await self.signIn('second', 'second password', await secondCodes.next());
    await self.stepUp('second password');
    const onSelf = await self.call('DELETE', `/users/${secondId}/2fa`, {
      reason: 'removing my own second factor',
    });
    expect(onSelf.status).toBe(403);
    expect(onSelf.body.error).toBe('self_action');
    expect(await secondEnabled()).toBe(true);
    const audit = await admin.call<{ records: unknown[] }>('GET', '/audit?action=user.2fa.disable');
    expect(audit.body.records).toEqual([]);
  });

  it('sends security headers and hardened, rotating session cookies', async () => {
    const page = await raw('/login', {});
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const cookie = page.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/twofold_session=[^;]+;.*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const web = new WebClient(server.baseUrl);
    const form = await web.get('/login');
    const anonymous = web.cookie('twofold_session');
    await web.post('/login', {
      login: 'second',
      password: 'second password',
      csrf_token: WebClient.csrfOf(form.body),
    });
    const half = web.cookie('twofold_session');
    expect(half).not.toBe(anonymous);
    const second = await web.get('/login/2fa');
    const done = await web.post('/login/2fa', {
      code: await secondCodes.next(),
      csrf_token: WebClient.csrfOf(second.body),
    });
    expect(done.location).toBe('/account');
    expect(web.cookie('twofold_session')).not.toBe(half);
  });
});
