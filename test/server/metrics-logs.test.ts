// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';
import { startServer, type RunningServer } from '../support/server-process';

/** The samples of a Prometheus text exposition, keyed by name and labels as written. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

const moved = (before: Map<string, number>, after: Map<string, number>, sample: string): number =>
  (after.get(sample) ?? 0) - (before.get(sample) ?? 0);

/**
 * GET /metrics of a real server process on its own loopback listener, scraped before and after
 * a burst of requests; and the server's JSON log lines, searched for every secret it was given.
 */
describe('metrics and logs', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let desk: ApiClient;
  let aliceId: number;
  let codes: CodeSource;
  let secret: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    // No back-off: ten wrong codes in a row lock the account, and no wait decides a result.
    server = await startServer({
      args: ['--metrics-port', '0'],
      env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0', TWOFOLD_SERVER_LOG_LEVEL: 'debug' },
    });
    secrets.push('desk password 5521', 'alice password 8830');
    await Promise.all([
      server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password 5521' }),
      server.addUser({
        login: 'alice',
        name: 'Alice Example',
        role: 'user',
        password: 'alice password 8830',
      }),
    ]);
    const web = new WebClient(server.baseUrl);
    expect(await web.login('alice', 'alice password 8830')).toBe('/account');
    const enrolled = await web.enableTwoFactor('alice password 8830', async (shown) => {
      secret = shown;
      codes = CodeSource.of(shown);
      const code = await codes.next();
      secrets.push(code);
      return code;
    });
    secrets.push(secret, ...enrolled.recoveryCodes);
    desk = new ApiClient(server.baseUrl);
    expect((await desk.signIn('desk', 'desk password 5521')).status).toBe(201);
    secrets.push(desk.token!);
    aliceId = await desk.userId('alice');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('is off unless --metrics-port (or TWOFOLD_SERVER_METRICS_PORT) is given, and on loopback', async () => {
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(404);
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });

  it('counts checks by result and reason, lockouts, temporary codes and requests per route', async () => {
    const before = await scrape(server.metricsUrl!);
    const check = (code: string) => desk.call('POST', `/users/${aliceId}/2fa/check`, { code });
    const right = await codes.next();
    secrets.push(right);
    expect((await check(right)).body).toMatchObject({ valid: true });
    expect((await check(right)).body).toEqual({ valid: false }); // replay: 1 failure
    const wrong = codes.wrong();
    // 9 more failures: the tenth locks the account; then one more is refused as locked.
    for (let i = 0; i < 9; i++) expect((await check(wrong)).body).toEqual({ valid: false });
    expect((await check(await codes.next())).body).toEqual({ valid: false });

    // A temporary code, issued after unlocking, signs alice in on the web pages.
    expect((await desk.stepUp('desk password 5521')).status).toBe(200);
    expect(
      (await desk.call('POST', `/users/${aliceId}/unlock`, { reason: 'caller verified, ticket 88' })).status,
    ).toBe(200);
    const issued = await desk.call<{ code: string }>('POST', `/users/${aliceId}/temporary-codes`, {
      reason: 'lost phone, ticket 4711',
      ...(await desk.callerCheck(aliceId, await codes.next())),
    });
    expect(issued.status).toBe(201);
    secrets.push(issued.body.code);
    const web = new WebClient(server.baseUrl);
    expect(await web.login('alice', 'alice password 8830')).toBe('/login/2fa');
    const step = await web.get('/login/2fa');
    const signedIn = await web.post('/login/2fa', {
      code: issued.body.code,
      csrf_token: WebClient.csrfOf(step.body),
    });
    expect(signedIn.status).toBe(303);
    for (const name of ['session', 'trusted']) {
      const cookie = web.cookie(name) ?? web.cookie(`__Host-${name}`);
      if (cookie) secrets.push(cookie);
    }

    const after = await scrape(server.metricsUrl!);
    const checks = 'twofold_2fa_checks_total{kind="helpdesk",result=';
    // The right code, and the caller check (a right code) the temporary code rests on.
    expect(moved(before, after, `${checks}"accepted"}`)).toBe(2);
    expect(moved(before, after, `${checks}"refused",reason="replay"}`)).toBe(1);
    expect(moved(before, after, `${checks}"refused",reason="wrong"}`)).toBe(9);
    expect(moved(before, after, `${checks}"refused",reason="locked"}`)).toBe(1);
    expect(moved(before, after, `${checks}"refused",reason="throttled"}`)).toBe(0);
    expect(moved(before, after, 'twofold_2fa_checks_total{kind="sign_in",result="accepted"}')).toBe(1);
    expect(moved(before, after, 'twofold_lockouts_total')).toBe(1);
    expect(moved(before, after, 'twofold_temporary_codes_issued_total')).toBe(1);
    expect(moved(before, after, 'twofold_temporary_codes_used_total')).toBe(1);

    const route = 'route="/api/admin/v1/users/:id/2fa/check",method="POST"';
    expect(moved(before, after, `twofold_http_requests_total{${route},status="200"}`)).toBe(13);
    expect(moved(before, after, `twofold_http_request_duration_seconds_count{${route}}`)).toBe(13);
    expect(after.get(`twofold_http_request_duration_seconds_bucket{le="+Inf",${route}}`)).toBe(
      after.get(`twofold_http_request_duration_seconds_count{${route}}`),
    );
    expect(after.get('twofold_migrations_applied')).toBeGreaterThan(0);
    expect(after.get('twofold_mail_queue')).toBe(0);
    expect(after.has('twofold_db_pool_connections{state="in_use"}')).toBe(true);
    expect(after.has('twofold_db_pool_connections{state="waiting"}')).toBe(true);
  });

  it('logs JSON lines with a request id, and none of the secrets it was given', async () => {
    // A password typed into the login field, and a wrong password for a real login.
    const typo = new WebClient(server.baseUrl);
    expect(await typo.login('alice password 8830 typed as login', 'nothing')).not.toBe('/account');
    expect(await typo.login('alice', 'not alice password 0042')).not.toBe('/account');
    secrets.push('alice password 8830 typed as login', 'not alice password 0042');

    const lines = server
      .stderr()
      .split('\n')
      .filter((line) => line !== '');
    const records = lines.map((line) => JSON.parse(line) as { reqId?: string; req?: { path?: string } });
    const login = records.filter((record) => record.req?.path === '/login');
    expect(login.length).toBeGreaterThan(0);
    for (const record of login) expect(record.reqId).toMatch(/^[0-9a-f-]{36}$/);
    const text = server.stderr();
    for (const value of secrets) {
      expect(value.length).toBeGreaterThanOrEqual(6);
      expect(text.includes(value), `the logs hold a secret (${value.length} characters)`).toBe(false);
    }
  });
});

describe('metrics of a throttled check', { timeout: 180_000 }, () => {
  let server: RunningServer;

  beforeAll(async () => {
    // A long back-off: after five failures the next check is refused by it, whatever the load.
    server = await startServer({
      env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '600000', TWOFOLD_SERVER_METRICS_PORT: '0' },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('counts a check refused during the back-off as throttled (TWOFOLD_SERVER_METRICS_PORT turns metrics on)', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await Promise.all([
      server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password 5521' }),
      server.addUser({ login: 'bob', name: 'Bob Example', role: 'user', password: 'bob password 7713' }),
    ]);
    const web = new WebClient(server.baseUrl);
    expect(await web.login('bob', 'bob password 7713')).toBe('/account');
    let codes: CodeSource | undefined;
    await web.enableTwoFactor('bob password 7713', async (shown) => {
      codes = CodeSource.of(shown);
      return codes.next();
    });
    const desk = new ApiClient(server.baseUrl);
    expect((await desk.signIn('desk', 'desk password 5521')).status).toBe(201);
    const bobId = await desk.userId('bob');
    const before = await scrape(server.metricsUrl!);
    const check = (code: string) => desk.call('POST', `/users/${bobId}/2fa/check`, { code });
    for (let i = 0; i < 5; i++) expect((await check(codes!.wrong())).body).toEqual({ valid: false });
    expect((await check(await codes!.next())).body).toEqual({ valid: false });
    const after = await scrape(server.metricsUrl!);
    const checks = 'twofold_2fa_checks_total{kind="helpdesk",result=';
    expect(moved(before, after, `${checks}"refused",reason="wrong"}`)).toBe(5);
    expect(moved(before, after, `${checks}"refused",reason="throttled"}`)).toBe(1);
    expect(moved(before, after, 'twofold_lockouts_total')).toBe(0);
  });
});
