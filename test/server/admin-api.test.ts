// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

interface ListedUser {
  id: number;
  login: string;
  role: string;
  twofa: { enabled: boolean; enabledAt: string | null; lastUsedAt: string | null; recoveryCodesLeft: number };
  locked: boolean;
}
type Users = { users: ListedUser[]; total: number };

describe('admin API against the real server process', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let admin: ApiClient;
  let desk: ApiClient;
  let aliceWeb: WebClient;
  let aliceCodes: CodeSource;

  beforeAll(async () => {
    server = await startServer({ env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0' } });
    await Promise.all([
      server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' }),
      server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password' }),
      server.addUser({ login: 'alice', name: 'Alice Example', role: 'user', password: 'alice password' }),
      server.addUser({ login: 'bob', name: 'Bob Example', role: 'user', password: 'bob password' }),
      server.addUser({ login: 'second', name: 'Second Admin', role: 'admin', password: 'second password' }),
    ]);
    admin = new ApiClient(server.baseUrl);
    desk = new ApiClient(server.baseUrl);
    aliceWeb = new WebClient(server.baseUrl);
  }, 120_000);
  afterAll(async () => server?.stop());

  it('signs in help desk and admins with a 15-minute bearer token, and nobody else', async () => {
    const wrong = await admin.signIn('root', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'invalid_credentials', message: 'Wrong login or password.' });
    const unknown = await admin.signIn('nobody', 'whatever');
    expect(unknown.body).toEqual(wrong.body);
    const plainUser = await new ApiClient(server.baseUrl).signIn('alice', 'alice password');
    expect(plainUser.status).toBe(403);

    const ok = await admin.signIn('root', 'root password');
    expect(ok.status).toBe(201);
    const minutes = (Date.parse(ok.body.expiresAt as string) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    expect((await desk.signIn('desk', 'desk password')).status).toBe(201);

    const anonymous = await new ApiClient(server.baseUrl).call('GET', '/users');
    expect(anonymous.status).toBe(401);
    const forged = new ApiClient(server.baseUrl);
    forged.token = 'x'.repeat(43);
    expect((await forged.call('GET', '/users')).status).toBe(401);
  });

  it('lists users with filters and paging, never a secret', async () => {
    expect(await aliceWeb.login('alice', 'alice password')).toBe('/account');
    aliceCodes = new CodeSource(undefined as never);
    const { secret, recoveryCodes } = await aliceWeb.enableTwoFactor('alice password', async (s) => {
      aliceCodes = CodeSource.of(s);
      return aliceCodes.next();
    });
    expect(recoveryCodes).toHaveLength(10);

    const all = await admin.call<Users>('GET', '/users');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    const text = JSON.stringify(all.body);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/scrypt|password|secret|hash/i);

    const enabled = await admin.call<Users>('GET', '/users?twofa=enabled');
    expect(enabled.body.users.map((u) => u.login)).toEqual(['alice']);
    expect(enabled.body.users[0]?.twofa).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(enabled.body.users[0]?.twofa.enabledAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const disabled = await admin.call<Users>('GET', '/users?twofa=disabled&page=2&pageSize=2');
    expect(disabled.body.total).toBe(4);
    expect(disabled.body.users.map((u) => u.login)).toEqual(['root', 'second']);

    const byName = await admin.call<Users>('GET', '/users?q=Example&role=user&sort=name&order=desc');
    expect(byName.body.users.map((u) => u.login)).toEqual(['bob', 'alice']);

    const injection = await admin.call<Users>('GET', `/users?q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(injection.status).toBe(200);
    expect(injection.body.total).toBe(0);

    expect((await admin.call('GET', '/users?pageSize=1000')).status).toBe(400);
    expect((await admin.call('GET', '/users?twofa=maybe')).status).toBe(400);
  });

  it('checks a code read out by the caller once: the step is spent', async () => {
    const aliceId = await desk.userId('alice');
    const code = await aliceCodes.next();
    const first = await desk.call('POST', `/users/${aliceId}/2fa/check`, { code });
    // A right code is also a caller check passed (issue 25): its id is a proof for 15 minutes.
    expect(first).toEqual({ status: 200, body: { valid: true, callerCheckId: expect.any(Number) } });
    const replay = await desk.call('POST', `/users/${aliceId}/2fa/check`, { code });
    expect(replay.body).toEqual({ valid: false });
    const wrong = await desk.call('POST', `/users/${aliceId}/2fa/check`, { code: aliceCodes.wrong() });
    expect(wrong.body).toEqual({ valid: false });
    // Sent at once, the same fresh code is accepted exactly once: check-and-set is atomic.
    const racing = await aliceCodes.next();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => desk.call('POST', `/users/${aliceId}/2fa/check`, { code: racing })),
    );
    expect(answers.filter((a) => a.body.valid === true)).toHaveLength(1);
    const bobId = await desk.userId('bob');
    const off = await desk.call('POST', `/users/${bobId}/2fa/check`, { code: '123456' });
    expect(off.status).toBe(409);

    const audit = await admin.call<{ records: { action: string; actor: string; result: string }[] }>(
      'GET',
      '/audit?action=user.2fa.check&target=alice',
    );
    expect(audit.body.records.map((r) => r.result).sort()).toEqual(
      [...Array(7).fill('failed'), 'ok', 'ok'].sort(),
    );
    expect(audit.body.records.every((r) => r.actor === 'desk')).toBe(true);
  });

  it('keeps the help desk to user accounts and everyone off their own account', async () => {
    const rootId = await admin.userId('root');
    const secondId = await admin.userId('second');
    const deskId = await admin.userId('desk');
    const onAdmin = await desk.call('POST', `/users/${rootId}/unlock`, { reason: 'trying my luck' });
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.body.error).toBe('forbidden_role');
    const onHelpdesk = await desk.call('POST', `/users/${deskId}/unlock`, { reason: 'trying my luck' });
    expect(onHelpdesk.body.error).toBe('self_action');
    expect((await admin.stepUp('root password')).status).toBe(200);
    const onSelf = await admin.call('DELETE', `/users/${rootId}/2fa`, { reason: 'I lost my phone, honest' });
    expect(onSelf.status).toBe(403);
    expect(onSelf.body.error).toBe('self_action');
    const before = await admin.call('GET', '/audit?action=user.unlock');
    expect(before.body.records).toEqual([]);
    const onOtherAdmin = await admin.call('POST', `/users/${secondId}/unlock`, { reason: 'routine check' });
    expect(onOtherAdmin.status).toBe(200);
  });

  it('disables 2FA only with a reason and a fresh identity check, ending the user sessions', async () => {
    const aliceId = await desk.userId('alice');
    const noStepUp = await desk.call('DELETE', `/users/${aliceId}/2fa`, {
      reason: 'Lost her phone on the train',
    });
    expect(noStepUp.status).toBe(403);
    expect(noStepUp.body.error).toBe('step_up_required');
    const badStepUp = await desk.stepUp('wrong password');
    expect(badStepUp.status).toBe(401);
    expect((await desk.stepUp('desk password')).status).toBe(200);
    const short = await desk.call('DELETE', `/users/${aliceId}/2fa`, { reason: 'lost' });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('at least 10 characters');
    expect((await desk.call<Users>('GET', '/users?twofa=enabled')).body.total).toBe(1);
    // Without a proof of the caller's identity the server refuses (issue 25).
    const unproven = await desk.call('DELETE', `/users/${aliceId}/2fa`, {
      reason: 'Lost her phone on the train',
    });
    expect(unproven.status).toBe(409);
    expect(unproven.body.error).toBe('proof_required');

    const done = await desk.call<ListedUser>('DELETE', `/users/${aliceId}/2fa`, {
      reason: 'Lost her phone on the train',
      ...(await desk.callerCheck(aliceId, await aliceCodes.next())),
    });
    expect(done.status).toBe(200);
    expect(done.body.twofa).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect((await aliceWeb.get('/account')).location).toBe('/login');

    const audit = await admin.call<{ records: Record<string, unknown>[] }>(
      'GET',
      '/audit?action=user.2fa.disable',
    );
    expect(audit.body.records).toHaveLength(1);
    expect(audit.body.records[0]).toMatchObject({
      actor: 'desk',
      target: 'alice',
      reason: 'Lost her phone on the train',
      result: 'ok',
      clientAddress: '127.0.0.1',
    });
  });

  it('locks an account after 10 failed attempts, with the same answer as a wrong password, until unlocked', async () => {
    const bob = new ApiClient(server.baseUrl);
    for (let i = 0; i < 10; i++) expect((await bob.signIn('bob', `wrong ${i}`)).status).toBe(401);
    const locked = await admin.call<Users>('GET', '/users?locked=true');
    expect(locked.body.users.map((u) => u.login)).toEqual(['bob']);
    // Right password, locked account: the web page says exactly what it says for a wrong one.
    const web = new WebClient(server.baseUrl);
    const form = await web.get('/login');
    const refused = await web.post('/login', {
      login: 'bob',
      password: 'bob password',
      csrf_token: WebClient.csrfOf(form.body),
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('Wrong login or password.');

    const bobId = await admin.userId('bob');
    const short = await admin.call('POST', `/users/${bobId}/unlock`, { reason: '' });
    expect(short.status).toBe(400);
    const unlocked = await admin.call<ListedUser>('POST', `/users/${bobId}/unlock`, {
      reason: 'Called from his desk',
    });
    expect(unlocked.body.locked).toBe(false);
    expect(await web.login('bob', 'bob password')).toBe('/account');
    const audit = await admin.call<{ records: Record<string, unknown>[] }>(
      'GET',
      '/audit?target=bob&action=user.unlock',
    );
    expect(audit.body.records[0]).toMatchObject({ actor: 'root', reason: 'Called from his desk' });
  });

  it('filters the audit by time and reports adoption by role', async () => {
    const future = await admin.call<{ records: unknown[] }>('GET', '/audit?from=2999-01-01');
    expect(future.body.records).toEqual([]);
    const badDate = await admin.call('GET', '/audit?from=yesterday');
    expect(badDate.status).toBe(400);
    const report = await admin.call('GET', '/reports/2fa');
    expect(report.body).toEqual({
      total: 5,
      enabled: 0,
      percentage: 0,
      byRole: [
        { role: 'user', total: 2, enabled: 0, percentage: 0 },
        { role: 'helpdesk', total: 1, enabled: 0, percentage: 0 },
        { role: 'admin', total: 2, enabled: 0, percentage: 0 },
      ],
    });
  });

  it('lets an admin enroll their own account; sign-in then needs the code', async () => {
    const second = new ApiClient(server.baseUrl);
    await second.signIn('second', 'second password');
    const early = await second.call('POST', '/me/2fa/setup', {});
    expect(early.body.error).toBe('step_up_required');
    await second.stepUp('second password');
    const setup = await second.call<{ secret: string; otpauthUri: string }>('POST', '/me/2fa/setup', {});
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(
      /^otpauth:\/\/totp\/Twofold%20\(127\.0\.0\.1%2C%20port%20\d+\):second\?secret=[A-Z2-7]{32}&issuer=Twofold%20\(127\.0\.0\.1%2C%20port%20\d+\)&/,
    );
    const codes = CodeSource.of(setup.body.secret);
    expect((await second.call('POST', '/me/2fa/enable', { code: codes.wrong() })).status).toBe(422);
    const enabled = await second.call<{ enabled: boolean; recoveryCodes: string[] }>(
      'POST',
      '/me/2fa/enable',
      {
        code: await codes.next(),
      },
    );
    expect(enabled.body.enabled).toBe(true);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect((await second.call('GET', '/me')).status).toBe(200);

    const again = new ApiClient(server.baseUrl);
    const needsCode = await again.signIn('second', 'second password');
    expect(needsCode).toMatchObject({ status: 401, body: { error: 'code_required' } });
    expect((await again.signIn('second', 'second password', codes.wrong())).body.error).toBe('invalid_code');
    expect((await again.signIn('second', 'second password', await codes.next())).status).toBe(201);
    const report = await admin.call<{ percentage: number }>('GET', '/reports/2fa');
    expect(report.body.percentage).toBe(20);
  });

  it('publishes its OpenAPI document', async () => {
    const doc = await new ApiClient(server.baseUrl).call<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
    );
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/session',
        '/users',
        '/users/{id}/2fa/check',
        '/users/{id}/2fa',
        '/audit',
        '/reports/2fa',
      ]),
    );
  });
});
