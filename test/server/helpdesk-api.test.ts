// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { withDatabase } from '../support/test-store';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

interface AuditRecord {
  proof?: string | null;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  result: string;
}

/**
 * The help desk's gentler tools over the admin API of the real server process, with
 * notifications sent by real SMTP to a real SMTP server on loopback.
 */
describe('help-desk tools in the admin API', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let sink: SmtpSink;
  let dir: string;
  let admin: ApiClient;
  let desk: ApiClient;
  let aliceId: number;
  let rootId: number;
  let aliceCodes: CodeSource;

  const auditFor = async (action: string): Promise<AuditRecord[]> =>
    (await admin.call<{ records: AuditRecord[] }>('GET', `/audit?action=${action}`)).body.records;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twofold-helpdesk-api-'));
    await writeFile(join(dir, 'smtp-password'), 'smtp secret 123\n');
    sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 123' });
    server = await startServer({
      env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0', ...smtpEnv(sink, join(dir, 'smtp-password')) },
    });
    await Promise.all([
      server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' }),
      server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password' }),
      server.addUser({
        login: 'alice',
        name: 'Alice Example',
        role: 'user',
        password: 'alice password',
        email: 'alice@example.test',
      }),
      server.addUser({ login: 'bob', name: 'Bob Example', role: 'user', password: 'bob password' }),
    ]);
    const web = new WebClient(server.baseUrl);
    expect(await web.login('alice', 'alice password')).toBe('/account');
    await web.enableTwoFactor('alice password', async (secret) => {
      aliceCodes = CodeSource.of(secret);
      return aliceCodes.next();
    });
    admin = new ApiClient(server.baseUrl);
    desk = new ApiClient(server.baseUrl);
    expect((await admin.signIn('root', 'root password')).status).toBe(201);
    expect((await desk.signIn('desk', 'desk password')).status).toBe(201);
    aliceId = await desk.userId('alice');
    rootId = await admin.userId('root');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('emails the owner when 2FA is turned on, over authenticated SMTP', async () => {
    const mail = await sink.waitFor('alice@example.test', /Two-factor authentication was turned on/);
    expect(mail.user).toBe('mailer');
    expect(mail.from).toBe('twofold@example.test');
    expect(mail.subject).toMatch(
      /^\[Twofold \(127\.0\.0\.1, port \d+\)\] Two-factor authentication was turned on$/,
    );
    expect(mail.text).toContain('Hello Alice Example,');
    expect(mail.text).toContain('Account: alice on Twofold (127.0.0.1, port');
    expect(mail.text).toMatch(/When: \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC/);
    expect(mail.text).toContain('From: address 127.0.0.1');
    expect(mail.text).toContain('If this was not you, contact your help desk');
  });

  it('issues a temporary code once, lists it without the code, and refuses what it must', async () => {
    const path = `/users/${aliceId}/temporary-codes`;
    const noStepUp = await desk.call('POST', path, { reason: 'lost phone, ticket 4711' });
    expect(noStepUp.status).toBe(403);
    expect(noStepUp.body.error).toBe('step_up_required');
    expect((await desk.stepUp('desk password')).status).toBe(200);

    const noReason = await desk.call('POST', path, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    const tooLong = await desk.call('POST', path, {
      reason: 'lost phone, ticket 4711',
      lifetimeMinutes: 600,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/at most 8 hours/);
    const tooShort = await desk.call('POST', path, { reason: 'lost phone, ticket 4711', lifetimeMinutes: 5 });
    expect(tooShort.body.message).toMatch(/at least 10 minutes/);
    const onAdmin = await desk.call('POST', `/users/${rootId}/temporary-codes`, {
      reason: 'lost phone, ticket 4711',
    });
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.body.error).toBe('forbidden_role');

    const issued = await desk.call<{ id: number; code: string; expiresAt: string; uses: number }>(
      'POST',
      path,
      {
        reason: 'lost phone, ticket 4711',
        lifetimeMinutes: 60,
        ...(await desk.callerCheck(aliceId, await aliceCodes.next())),
      },
    );
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(issued.body.uses).toBe(1);
    const minutes = (Date.parse(issued.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThanOrEqual(60);

    const listed = await desk.call<{ codes: Record<string, unknown>[] }>('GET', path);
    expect(listed.body.codes).toHaveLength(1);
    expect(listed.body.codes[0]).toMatchObject({
      id: issued.body.id,
      state: 'active',
      uses: 0,
      createdBy: 'desk',
    });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.code);
    // Stored as a keyed hash: the database does not hold the code either.
    const dump = JSON.stringify(
      await withDatabase(server.dbPath, (sql) => sql.all('SELECT * FROM temp_codes')),
    );
    expect(dump).not.toContain(issued.body.code.replace(/-/g, ''));

    const mail = await sink.waitFor('alice@example.test', /temporary sign-in code/);
    expect(mail.text).toMatch(/valid until \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC for one sign-in/);
    expect(mail.text).not.toContain(issued.body.code);

    const revoked = await desk.call<{ codes: { state: string }[] }>('DELETE', `${path}/${issued.body.id}`, {
      reason: 'issued by mistake, ticket 4711',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.codes[0]?.state).toBe('revoked');
    expect(
      (await desk.call('DELETE', `${path}/${issued.body.id}`, { reason: 'issued by mistake again' })).status,
    ).toBe(404);

    const records = await auditFor('user.temporary-code.issue');
    expect(records[0]).toMatchObject({
      actor: 'desk',
      target: 'alice',
      reason: 'lost phone, ticket 4711',
      result: 'ok',
    });
    expect((await auditFor('user.temporary-code.revoke'))[0]).toMatchObject({
      actor: 'desk',
      target: 'alice',
    });
  });

  it('verifies the caller by an emailed code and records it with the reset', async () => {
    const bobId = await desk.userId('bob');
    const noEmail = await desk.call('POST', `/users/${bobId}/caller-checks`);
    expect(noEmail.status).toBe(409);
    expect(noEmail.body.error).toBe('no_email');

    const started = await desk.call<{ id: number; sentTo: string }>(
      'POST',
      `/users/${aliceId}/caller-checks`,
    );
    expect(started.status).toBe(201);
    expect(started.body.sentTo).toBe('a…e@example.test');
    const mail = await sink.waitFor('alice@example.test', /confirmation code for the help desk/);
    const code = /Read this code back to them: (\d{6})/.exec(mail.text)?.[1];
    expect(code).toBeDefined();
    expect(mail.text).toContain('Dana Desk');

    const check = `/users/${aliceId}/caller-checks/${started.body.id}`;
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect((await desk.call('POST', check, { code: wrongCode })).body).toEqual({
      matched: false,
      result: 'wrong',
    });
    // Another help-desk member cannot use someone else's check.
    expect((await admin.call('POST', check, { code })).body).toEqual({ matched: false, result: 'unknown' });
    expect((await desk.call('POST', check, { code })).body).toEqual({ matched: true, result: 'matched' });

    expect((await desk.stepUp('desk password')).status).toBe(200);
    const reset = await desk.call<{ twofa: { enabled: boolean } }>('POST', `/users/${aliceId}/2fa/reset`, {
      reason: 'lost phone, caller verified, ticket 4712',
      callerCheckId: started.body.id,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.twofa.enabled).toBe(false);
    const [record] = await auditFor('user.2fa.reset');
    expect(record).toMatchObject({
      actor: 'desk',
      target: 'alice',
      reason: 'lost phone, caller verified, ticket 4712',
    });
    expect(record?.proof).toMatch(new RegExp(`^caller check #${started.body.id}: an emailed code read back`));
    const resetMail = await sink.waitFor('alice@example.test', /two-factor authentication was reset/);
    expect(resetMail.text).toContain('set up a new authenticator');

    // The account is marked: its next sign-in must enroll first.
    expect(
      await withDatabase(server.dbPath, (sql) =>
        sql.get("SELECT required_action FROM users WHERE login = 'alice'"),
      ),
    ).toEqual({ required_action: 'enroll' });
    const unverified = await desk.call('POST', `/users/${aliceId}/2fa/reset`, {
      reason: 'a reset with a check that never matched',
      callerCheckId: 999,
    });
    expect(unverified.status).toBe(409);
    expect(unverified.body.error).toBe('caller_not_verified');
    expect(
      (await desk.call('POST', `/users/${rootId}/2fa/reset`, { reason: 'help desk on an admin' })).status,
    ).toBe(403);
  });

  it('lists trusted devices with name, first and last seen and address, and revokes one or all', async () => {
    const bobId = await desk.userId('bob');
    // Bob trusts two browsers (2FA on, "don't ask again").
    let bobCodes: CodeSource | undefined;
    const first = new WebClient(server.baseUrl);
    await first.login('bob', 'bob password');
    await first.enableTwoFactor('bob password', async (secret) => {
      bobCodes = CodeSource.of(secret);
      return bobCodes.next();
    });
    for (const browser of [new WebClient(server.baseUrl), new WebClient(server.baseUrl)]) {
      expect(await browser.login('bob', 'bob password')).toBe('/login/2fa');
      const form = await browser.get('/login/2fa');
      const done = await browser.post('/login/2fa', {
        code: await bobCodes!.next(),
        remember: '1',
        csrf_token: WebClient.csrfOf(form.body),
      });
      expect(done.location).toBe('/account');
    }
    type Devices = {
      devices: { id: string; name: string; createdAt: string; lastSeenAt: string; address: string }[];
    };
    const listed = await desk.call<Devices>('GET', `/users/${bobId}/devices`);
    expect(listed.body.devices).toHaveLength(2);
    for (const device of listed.body.devices) {
      expect(device.id).toMatch(/^[0-9a-f]{12}$/);
      expect(device.address).toBe('127.0.0.1');
      expect(device.name).toEqual(expect.any(String));
      expect(Date.parse(device.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(device.createdAt));
    }
    const [one, other] = listed.body.devices;
    const noReason = await desk.call('DELETE', `/users/${bobId}/devices/${one!.id}`, {});
    expect(noReason.status).toBe(400);
    const after = await desk.call<Devices>('DELETE', `/users/${bobId}/devices/${one!.id}`, {
      reason: 'phone stolen, ticket 4713',
    });
    expect(after.body.devices.map((d) => d.id)).toEqual([other!.id]);
    const all = await desk.call('DELETE', `/users/${bobId}/devices`, { reason: 'all of them, ticket 4713' });
    expect(all.body).toEqual({ revoked: 1 });
    expect((await auditFor('user.device.revoke'))[0]?.reason).toBe(
      `phone stolen, ticket 4713 (device ${one!.id})`,
    );
    expect((await auditFor('user.devices.revoke'))[0]).toMatchObject({ actor: 'desk', target: 'bob' });
  });

  it("keeps each account's sign-ins with time, address, result and factor", async () => {
    const bobId = await desk.userId('bob');
    expect(await new WebClient(server.baseUrl).login('bob', 'not bob password')).not.toBe('/account');
    type SignIns = {
      signIns: { at: string; address: string; result: string; factor: string; channel: string }[];
    };
    const answer = await desk.call<SignIns>('GET', `/users/${bobId}/sign-ins?limit=5`);
    expect(answer.status).toBe(200);
    expect(answer.body.signIns.map((s) => `${s.result}:${s.factor}:${s.channel}`)).toEqual([
      'refused:password:web',
      'ok:totp:web',
      'ok:totp:web',
      'ok:password:web',
    ]);
    expect(answer.body.signIns[0]?.address).toBe('127.0.0.1');
    expect(Date.now() - Date.parse(answer.body.signIns[0]!.at)).toBeLessThan(120_000);
    const deskId = await admin.userId('desk');
    const deskHistory = await admin.call<SignIns>('GET', `/users/${deskId}/sign-ins`);
    expect(deskHistory.body.signIns[0]).toMatchObject({ result: 'ok', factor: 'password', channel: 'api' });
    expect((await desk.call('GET', `/users/${bobId}/sign-ins?limit=500`)).status).toBe(400);
  });

  it('lets only administrators change the policy, and lists who is out of compliance by when', async () => {
    const byDesk = await desk.call('PUT', '/policy/user', {
      required: true,
      graceDays: 7,
      reason: 'security baseline 2026',
    });
    expect(byDesk.status).toBe(403);
    // An administrator's token alone is not enough either: the policy stays as it was.
    const noStepUp = await admin.call('PUT', '/policy/user', { required: true, graceDays: 7 });
    expect(noStepUp.status).toBe(403);
    expect(noStepUp.body.error).toBe('step_up_required');
    expect((await auditFor('policy.set')).length).toBe(0);
    expect((await admin.stepUp('root password')).status).toBe(200);
    const both = await admin.call('PUT', '/policy/user', {
      required: true,
      graceDays: 7,
      graceUntil: '2030-01-01',
      reason: 'security baseline 2026',
    });
    expect(both.status).toBe(400);
    type Policy = {
      policies: { role: string; required: boolean; graceDays: number | null }[];
      outOfCompliance: { users: { login: string; deadline: string; blocked: boolean }[]; total: number };
    };
    const set = await admin.call<Policy>('PUT', '/policy/user', {
      required: true,
      graceDays: 7,
      reason: 'security baseline 2026',
    });
    expect(set.status).toBe(200);
    expect(set.body.policies.find((p) => p.role === 'user')).toMatchObject({ required: true, graceDays: 7 });
    // Alice was reset (no 2FA now); bob has 2FA.
    expect(set.body.outOfCompliance.users.map((u) => u.login)).toEqual(['alice']);
    const days = (Date.parse(set.body.outOfCompliance.users[0]!.deadline) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(set.body.outOfCompliance.users[0]?.blocked).toBe(false);
    expect((await auditFor('policy.set'))[0]).toMatchObject({
      actor: 'root',
      target: 'role:user',
      reason: 'security baseline 2026 (2FA required, 7 days of grace)',
    });
    const read = await desk.call<Policy>('GET', '/policy');
    expect(read.body.outOfCompliance.total).toBe(1);
    await admin.call('PUT', '/policy/user', { required: false, reason: 'back to optional for the test' });
  });

  it('lets staff who must enroll (after a reset, or past the grace period) do nothing but enroll', async () => {
    await Promise.all([
      server.addUser({
        login: 'carol',
        name: 'Carol Desk',
        role: 'helpdesk',
        password: 'carol password',
        email: 'carol@example.test',
      }),
      server.addUser({ login: 'dave', name: 'Dave Desk', role: 'helpdesk', password: 'dave password' }),
    ]);
    const carolId = await admin.userId('carol');
    expect((await admin.stepUp('root password')).status).toBe(200);
    // Staff seen in person, reset at once: the reset policy for the help desk says so here.
    const resetPolicy = await admin.call('PUT', '/reset-policy/helpdesk', {
      proofs: ['caller-check', 'four-eyes', 'in-person'],
      cooldownMinutes: 0,
    });
    expect(resetPolicy.status).toBe(200);
    const reset = await admin.call('POST', `/users/${carolId}/2fa/reset`, {
      reason: 'new phone, ticket 5150',
      inPersonNote: 'staff badge and passport seen',
    });
    expect(reset.status).toBe(200);

    // The sign-in says so (before any code is asked or spent): enrolling happens on the web pages.
    const carol = new ApiClient(server.baseUrl);
    const mustEnroll = await carol.signIn('carol', 'carol password');
    expect(mustEnroll).toEqual({
      status: 403,
      body: {
        error: 'enrollment_required',
        message:
          'This account must set up two-factor authentication first: sign in on the web pages (/login).',
      },
    });
    expect((await auditFor('api.session'))[0]).toMatchObject({
      actor: 'carol',
      result: 'refused',
      reason: 'must set up two-factor authentication first',
    });
    const carolWeb = new WebClient(server.baseUrl);
    expect(await carolWeb.login('carol', 'carol password')).toBe('/account/security/required');
    let carolCodes: CodeSource | undefined;
    await carolWeb.enableTwoFactor('carol password', async (secret) => {
      carolCodes = CodeSource.of(secret);
      return carolCodes.next();
    });
    expect((await carol.signIn('carol', 'carol password', await carolCodes!.next())).status).toBe(201);
    expect((await carol.call('GET', '/users')).status).toBe(200);

    // Past the grace period of the help desk's role: dave (no 2FA) is limited the same way.
    const policy = await admin.call('PUT', '/policy/helpdesk', {
      required: true,
      graceDays: 0,
      reason: 'help desk needs 2FA now',
    });
    expect(policy.status).toBe(200);
    try {
      // A sign-in past the grace period is refused as carol's was …
      const refused = await new ApiClient(server.baseUrl).signIn('dave', 'dave password');
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('enrollment_required');
      // … and a token dave held when the grace ended can do nothing but enroll.
      expect(
        (await admin.call('PUT', '/policy/helpdesk', { required: false, reason: 'let dave sign in once' }))
          .status,
      ).toBe(200);
      const dave = new ApiClient(server.baseUrl);
      expect((await dave.signIn('dave', 'dave password')).status).toBe(201);
      await admin.call('PUT', '/policy/helpdesk', {
        required: true,
        graceDays: 0,
        reason: 'help desk needs 2FA now',
      });
      expect((await dave.call('GET', '/users')).body.error).toBe('enrollment_required');
      expect((await dave.call('GET', '/me')).status).toBe(200);
      expect((await dave.stepUp('dave password')).status).toBe(200);
      const setup = await dave.call<{ secret: string }>('POST', '/me/2fa/setup');
      expect(setup.status).toBe(200);
      const daveCodes = CodeSource.of(setup.body.secret);
      expect((await dave.call('POST', '/me/2fa/enable', { code: await daveCodes.next() })).status).toBe(200);
      expect((await dave.call('GET', '/users')).status).toBe(200);
      expect((await dave.call('DELETE', '/session')).status).toBe(204);
      // Carol enrolled, so the policy does not limit her.
      expect((await carol.call('GET', '/users')).status).toBe(200);
    } finally {
      await admin.call('PUT', '/policy/helpdesk', {
        required: false,
        reason: 'back to optional for the test',
      });
    }

    // A temporary access code is for the web pages: the API says what it is, and leaves it unspent.
    expect((await admin.stepUp('root password')).status).toBe(200);
    const temporary = await admin.call<{ id: number; code: string }>(
      'POST',
      `/users/${carolId}/temporary-codes`,
      {
        inPersonNote: 'staff badge and passport seen',
        reason: 'lost phone, ticket 5152',
        lifetimeMinutes: 60,
        uses: 1,
      },
    );
    expect(temporary.status).toBe(201);
    const withTemporary = await new ApiClient(server.baseUrl).signIn(
      'carol',
      'carol password',
      temporary.body.code,
    );
    expect(withTemporary).toEqual({
      status: 403,
      body: {
        error: 'temporary_code',
        message:
          'This is a temporary access code: sign in on the web pages (/login), where you will set up a new authenticator.',
      },
    });
    const listed = await admin.call<{ codes: { id: number; uses: number; state: string }[] }>(
      'GET',
      `/users/${carolId}/temporary-codes`,
    );
    expect(listed.body.codes.find((c) => c.id === temporary.body.id)).toMatchObject({
      uses: 0,
      state: 'active',
    });
    // A code of that shape that is not (or no longer) live is a wrong code, as before.
    await admin.call('DELETE', `/users/${carolId}/temporary-codes/${temporary.body.id}`, {
      reason: 'test over, ticket 5152',
    });
    const revoked = await new ApiClient(server.baseUrl).signIn(
      'carol',
      'carol password',
      temporary.body.code,
    );
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toBe('invalid_code');

    // A matched caller check travels with a disable into its audit record, as with a reset.
    const started = await admin.call<{ id: number }>('POST', `/users/${carolId}/caller-checks`);
    expect(started.status).toBe(201);
    const mail = await sink.waitFor('carol@example.test', /confirmation code for the help desk/);
    const code = /Read this code back to them: (\d{6})/.exec(mail.text)?.[1];
    const check = `/users/${carolId}/caller-checks/${started.body.id}`;
    expect((await admin.call('POST', check, { code })).body).toEqual({ matched: true, result: 'matched' });
    const notMatched = await admin.call('DELETE', `/users/${carolId}/2fa`, {
      reason: 'lost phone again, ticket 5151',
      callerCheckId: started.body.id + 1000,
    });
    expect(notMatched.body.error).toBe('caller_not_verified');
    const disabled = await admin.call('DELETE', `/users/${carolId}/2fa`, {
      reason: 'lost phone again, ticket 5151',
      callerCheckId: started.body.id,
    });
    expect(disabled.status).toBe(200);
    expect((await auditFor('user.2fa.disable'))[0]).toMatchObject({
      actor: 'root',
      target: 'carol',
      reason: 'lost phone again, ticket 5151',
      proof: expect.stringMatching(/^caller check #\d+: an emailed code read back/),
    });
  });

  it('limits caller checks to 3 per user in 15 minutes and 20 per help-desk member in an hour', async () => {
    const people = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'];
    await Promise.all([
      server.addUser({ login: 'fay', name: 'Fay Desk', role: 'helpdesk', password: 'fay password' }),
      ...people.map((login) =>
        server.addUser({
          login,
          name: `User ${login}`,
          role: 'user',
          password: `${login} password`,
          email: `${login}@example.test`,
        }),
      ),
    ]);
    const fay = new ApiClient(server.baseUrl);
    expect((await fay.signIn('fay', 'fay password')).status).toBe(201);
    const ids = new Map<string, number>();
    for (const login of people) ids.set(login, await fay.userId(login));
    const start = (as: ApiClient, login: string) => as.call('POST', `/users/${ids.get(login)}/caller-checks`);
    const limited = async (as: ApiClient, login: string) => {
      const response = await fetch(`${server.baseUrl}/api/admin/v1/users/${ids.get(login)}/caller-checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as.token ?? ''}` },
      });
      return {
        status: response.status,
        retryAfter: Number(response.headers.get('retry-after')),
        body: (await response.json()) as { error: string; message: string },
      };
    };

    // Per user: the fourth email within 15 minutes is not sent, whoever asks.
    for (let i = 0; i < 3; i++) expect((await start(fay, 'u1')).status).toBe(201);
    const fourth = await limited(fay, 'u1');
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({
      error: 'caller_checks_limited',
      message: expect.stringMatching(
        /^User u1 has already been sent 3 caller checks in 15 minutes, each by email: try again in 1[45] minutes\.$/,
      ),
    });
    expect(fourth.retryAfter).toBeGreaterThan(14 * 60 - 30);
    expect(fourth.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await limited(desk, 'u1')).status).toBe(429);

    // Per help-desk member: 20 in an hour (3 to u1 so far; refused ones do not count).
    for (const login of ['u2', 'u3', 'u4', 'u5', 'u6'])
      for (let i = 0; i < 3; i++) expect((await start(fay, login)).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await start(fay, 'u7')).status).toBe(201);
    const twentyFirst = await limited(fay, 'u7');
    expect(twentyFirst.status).toBe(429);
    expect(twentyFirst.body.message).toMatch(
      /^You have started 20 caller checks in the last hour, the most allowed: try again in (59|60) minutes\.$/,
    );
    expect(twentyFirst.retryAfter).toBeGreaterThan(55 * 60);
    // Someone else may still verify u7's caller: u7 has had two emails.
    expect((await start(desk, 'u7')).status).toBe(201);
    expect(
      Number(
        (
          await withDatabase(server.dbPath, (sql) =>
            sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM caller_checks WHERE actor = 'fay'"),
          )
        )?.n,
      ),
    ).toBe(20);
    const refusals = (await auditFor('user.caller-check.send')).filter((r) => r.result === 'refused');
    expect(refusals.map((r) => [r.actor, r.target, r.reason])).toEqual([
      ['fay', 'u7', 'limit per help-desk member reached'],
      ['desk', 'u1', 'limit per user reached'],
      ['fay', 'u1', 'limit per user reached'],
    ]);
  });

  it('changes a reset policy only after a fresh password check, and tells the other administrators', async () => {
    await Promise.all([
      server.addUser({
        login: 'ada',
        name: 'Ada Admin',
        role: 'admin',
        password: 'ada password',
        email: 'ada@example.test',
      }),
      server.addUser({
        login: 'bea',
        name: 'Bea Admin',
        role: 'admin',
        password: 'bea password',
        email: 'bea@example.test',
      }),
    ]);
    // Bea reads her mail in German (her own choice on the account pages).
    const beaWeb = new WebClient(server.baseUrl);
    await beaWeb.login('bea', 'bea password');
    const page = await beaWeb.get('/account/security');
    await beaWeb.post('/account/security/language', {
      locale: 'de',
      csrf_token: WebClient.csrfOf(page.body),
    });

    type Policies = {
      policies: { role: string; required: boolean }[];
      resetPolicies: { role: string; proofs: string[]; cooldownMinutes: number }[];
    };
    const ada = new ApiClient(server.baseUrl);
    expect((await ada.signIn('ada', 'ada password')).status).toBe(201);
    const lowered = { proofs: ['in-person'], cooldownMinutes: 0, reason: 'testing the step-up' };
    // A token alone (stolen, or a console left open) changes neither policy.
    for (const [path, body] of [
      ['/reset-policy/admin', lowered],
      ['/policy/admin', { required: false }],
    ] as const) {
      const refused = await ada.call('PUT', path, body);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error, path).toBe('step_up_required');
    }
    const unchanged = await ada.call<Policies>('GET', '/policy');
    expect(unchanged.body.resetPolicies.find((p) => p.role === 'admin')).toMatchObject({
      proofs: ['four-eyes'],
      cooldownMinutes: 60,
    });
    expect((await auditFor('reset-policy.set')).filter((r) => r.target === 'role:admin')).toEqual([]);

    expect((await ada.stepUp('ada password')).status).toBe(200);
    const changed = await ada.call<Policies>('PUT', '/reset-policy/admin', lowered);
    expect(changed.status).toBe(200);
    expect(changed.body.resetPolicies.find((p) => p.role === 'admin')).toMatchObject({
      proofs: ['in-person'],
      cooldownMinutes: 0,
    });
    expect((await ada.call('PUT', '/policy/admin', { required: false })).status).toBe(200);
    try {
      const mail = await sink.waitFor('bea@example.test', /Ada Admin/);
      expect(mail.subject).toContain(
        'Ada Admin hat die Richtlinie für das Zurücksetzen der 2FA für Administratoren geändert',
      );
      expect(mail.text).toContain('Hallo Bea Admin,');
      expect(mail.text).toContain('Ada Admin (ada)');
      expect(mail.text).toContain('Vorher: die Freigabe durch eine zweite Person; Wartezeit: 60 Minuten');
      expect(mail.text).toContain('Jetzt: persönlich, Ausweisdokument gesehen; Wartezeit: keine');
      expect(mail.text).toContain('Angegebener Grund: testing the step-up');
      expect(mail.text).toContain('Von: Adresse 127.0.0.1');
      expect(mail.html).toContain('<html lang="de" dir="ltr">');
      // Not the administrator who made the change, and not the admin without an address.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sink.mails.filter((m) => m.to.includes('ada@example.test'))).toEqual([]);
    } finally {
      await ada.call('PUT', '/reset-policy/admin', { proofs: ['four-eyes'], cooldownMinutes: 60 });
    }
  });

  it('describes every new route in the OpenAPI document', async () => {
    const doc = await admin.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    for (const [path, method] of [
      ['/users/{id}/temporary-codes', 'post'],
      ['/users/{id}/temporary-codes/{codeId}', 'delete'],
      ['/users/{id}/2fa/reset', 'post'],
      ['/users/{id}/devices', 'get'],
      ['/users/{id}/devices/{deviceId}', 'delete'],
      ['/users/{id}/sign-ins', 'get'],
      ['/policy', 'get'],
      ['/policy/{role}', 'put'],
      ['/users/{id}/caller-checks', 'post'],
      ['/users/{id}/caller-checks/{checkId}', 'post'],
    ] as const) {
      expect(doc.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    for (const path of ['/policy/{role}', '/reset-policy/{role}']) {
      expect((doc.body.paths[path]?.put as { summary: string }).summary, path).toMatch(/step-up/);
    }
  });
});
