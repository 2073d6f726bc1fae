// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { passTime } from '../support/test-clock.mjs';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';
import { CodeSource as HelpdeskCodes } from '../helpdesk/support/codes';
import { WebUser } from '../helpdesk/support/web-user';

interface AuditRecord {
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  result: string;
  proof?: string | null;
}
interface Pending {
  id: number;
  state: string;
  dueAt: string;
  action: string;
  proof: string;
}

const MINUTE = 60_000;

/**
 * Issue 25 on the real server process: every reset, disable and temporary code needs a proof the
 * reset policy accepts (refused by the server without one), four-eyes approvals, and the cooldown
 * the user can stop from a mail received by a real SMTP server, applied by the server's scheduler
 * at the end of the delay (the tests' clock moves instead of waiting).
 */
describe('proof before a reset, and the cooldown the user can stop', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let sink: SmtpSink;
  let dir: string;
  let root: ApiClient;
  let chief: ApiClient;
  let desk: ApiClient;
  let aliceId: number;
  let aliceCodes: CodeSource;
  let bobId: number;
  let opsId: number;
  let deskTwoId: number;

  const audit = async (action: string): Promise<AuditRecord[]> =>
    (await root.call<{ records: AuditRecord[] }>('GET', `/audit?action=${action}`)).body.records;
  const pendingOf = async (id: number): Promise<Pending> => {
    const answer = await root.call<{ actions: Pending[] }>('GET', '/pending-actions');
    return answer.body.actions.find((a) => a.id === id) as Pending;
  };
  const stopLinkIn = (text: string): string => {
    const link = /(http:\/\/\S+\/stop\?t=[A-Za-z0-9_-]+)/.exec(text)?.[1];
    if (link === undefined) throw new Error(`no stop link in: ${text}`);
    return link;
  };
  const approved = async (requester: ApiClient, userId: number, action: string): Promise<number> => {
    const asked = await requester.call<{ id: number }>('POST', '/approvals', {
      userId,
      action,
      reason: 'lost phone, ticket 9001',
    });
    expect(asked.status).toBe(201);
    const approver = requester === chief ? root : chief;
    const ok = await approver.call('POST', `/approvals/${asked.body.id}/approve`);
    expect(ok.status).toBe(200);
    return asked.body.id;
  };
  /** Tokens last 15 minutes: after the clock moves, everyone signs in again and confirms their password. */
  const fresh = async (): Promise<void> => {
    for (const [client, login] of [
      [root, 'root'],
      [chief, 'chief'],
      [desk, 'desk'],
    ] as const) {
      expect((await client.signIn(login, `${login} password`)).status).toBe(201);
      expect((await client.stepUp(`${login} password`)).status).toBe(200);
    }
  };
  /** Waits (real time, bounded) for the scheduler to move a pending action out of `pending`. */
  const settled = async (id: number): Promise<Pending> => {
    const end = Date.now() + 15_000;
    for (;;) {
      const found = await pendingOf(id);
      if (found.state !== 'pending' || Date.now() > end) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twofold-proof-'));
    await writeFile(join(dir, 'smtp-password'), 'smtp secret 123\n');
    sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 123' });
    server = await startServer({
      env: {
        TWOFOLD_SERVER_BACKOFF_BASE_MS: '0',
        TWOFOLD_SERVER_SCHEDULER_INTERVAL_MS: '100',
        TWOFOLD_SERVER_SECURITY_CONTACT: 'security@example.test',
        ...smtpEnv(sink, join(dir, 'smtp-password')),
      },
    });
    await Promise.all([
      server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' }),
      server.addUser({ login: 'chief', name: 'Chief Admin', role: 'admin', password: 'chief password' }),
      server.addUser({
        login: 'ops',
        name: 'Ops Admin',
        role: 'admin',
        password: 'ops password',
        email: 'ops@example.test',
      }),
      server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password' }),
      server.addUser({
        login: 'desk2',
        name: 'Dirk Desk',
        role: 'helpdesk',
        password: 'desk2 password',
        email: 'desk2@example.test',
      }),
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
    root = new ApiClient(server.baseUrl);
    chief = new ApiClient(server.baseUrl);
    desk = new ApiClient(server.baseUrl);
    await fresh();
    aliceId = await desk.userId('alice');
    bobId = await desk.userId('bob');
    opsId = await root.userId('ops');
    deskTwoId = await root.userId('desk2');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a reset, disable or temporary code without an accepted proof (the server, not the UI)', async () => {
    const reset = await desk.call('POST', `/users/${bobId}/2fa/reset`, { reason: 'new phone, ticket 1' });
    expect(reset.status).toBe(409);
    expect(reset.body.error).toBe('proof_required');
    expect(reset.body.message).toMatch(
      /a caller check passed in the last 15 minutes or a second staff member's approval/,
    );
    const code = await desk.call('POST', `/users/${aliceId}/temporary-codes`, {
      reason: 'lost phone, ticket 2',
    });
    expect(code.body.error).toBe('proof_required');
    const disable = await desk.call('DELETE', `/users/${aliceId}/2fa`, { reason: 'lost phone, ticket 3' });
    expect(disable.body.error).toBe('proof_required');
    // In person is not enough for users by default; two proofs at once are refused.
    const inPerson = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 1',
      inPersonNote: 'passport seen at the front desk',
    });
    expect(inPerson.status).toBe(409);
    expect(inPerson.body.error).toBe('proof_not_accepted');
    const two = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 1',
      inPersonNote: 'passport seen at the front desk',
      callerCheckId: 1,
    });
    expect(two.body.error).toBe('one_proof');
    // A caller check id that never matched.
    const unknown = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 1',
      callerCheckId: 999,
    });
    expect(unknown.body.error).toBe('caller_not_verified');
  });

  it('takes a code from the user’s authenticator as a caller check, for 15 minutes, and audits the proof', async () => {
    const check = await desk.call<{ valid: boolean; callerCheckId?: number }>(
      'POST',
      `/users/${aliceId}/2fa/check`,
      { code: await aliceCodes.next() },
    );
    expect(check.body.valid).toBe(true);
    expect(check.body.callerCheckId).toBeGreaterThan(0);
    const issued = await desk.call<{ code: string; activeFrom?: string }>(
      'POST',
      `/users/${aliceId}/temporary-codes`,
      {
        reason: 'lost phone, ticket 4711',
        callerCheckId: check.body.callerCheckId,
      },
    );
    expect(issued.status).toBe(201);
    expect(issued.body.activeFrom).toBeUndefined();
    const [record] = await audit('user.temporary-code.issue');
    expect(record).toMatchObject({ actor: 'desk', target: 'alice', result: 'ok' });
    expect(record?.proof).toMatch(
      new RegExp(
        `^caller check #${check.body.callerCheckId}: a code from the user's authenticator, matched at `,
      ),
    );
    // Another member cannot use desk's check; after 15 minutes desk cannot either.
    const other = await root.call('POST', `/users/${aliceId}/temporary-codes`, {
      reason: 'lost phone, ticket 4711',
      callerCheckId: check.body.callerCheckId,
    });
    expect(other.body.error).toBe('caller_not_verified');
    passTime(16 * MINUTE);
    await fresh();
    const late = await desk.call('POST', `/users/${aliceId}/temporary-codes`, {
      reason: 'lost phone, ticket 4711',
      callerCheckId: check.body.callerCheckId,
    });
    expect(late.body.error).toBe('caller_not_verified');
    expect(late.body.message).toMatch(/older than 15 minutes/);
  });

  it('takes an emailed caller check read back as a proof for a reset', async () => {
    const started = await desk.call<{ id: number }>('POST', `/users/${aliceId}/caller-checks`, {});
    expect(started.status).toBe(201);
    const mail = await sink.waitFor('alice@example.test', /Your confirmation code for the help desk/);
    const code = /(\d{6})/.exec(mail.subject)?.[1] as string;
    expect(
      (await desk.call('POST', `/users/${aliceId}/caller-checks/${started.body.id}`, { code })).body.matched,
    ).toBe(true);
    const reset = await desk.call('POST', `/users/${aliceId}/2fa/reset`, {
      reason: 'new phone, ticket 43',
      callerCheckId: started.body.id,
    });
    expect(reset.status).toBe(200);
    const [record] = await audit('user.2fa.reset');
    expect(record?.proof).toMatch(new RegExp(`^caller check #${started.body.id}: an emailed code read back`));
  });

  it('four-eyes: the requester cannot approve their own, a help-desk agent cannot approve for an admin, an approval is used once', async () => {
    const asked = await desk.call<{ id: number; state: string }>('POST', '/approvals', {
      userId: bobId,
      action: 'reset-2fa',
      reason: 'new phone, ticket 77',
    });
    expect(asked.status).toBe(201);
    expect(asked.body.state).toBe('waiting');
    const listed = await root.call<{ approvals: { id: number; requestedBy: string }[] }>('GET', '/approvals');
    expect(listed.body.approvals.find((a) => a.id === asked.body.id)?.requestedBy).toBe('desk');
    const own = await desk.call('POST', `/approvals/${asked.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('self_approval');
    // Not approved yet: not usable.
    const early = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 77',
      approvalId: asked.body.id,
    });
    expect(early.body.error).toBe('approval_invalid');
    expect((await root.call('POST', `/approvals/${asked.body.id}/approve`)).status).toBe(200);
    // For another action, or by someone else: refused.
    expect(
      (
        await desk.call('POST', `/users/${aliceId}/2fa/reset`, {
          reason: 'x'.repeat(12),
          approvalId: asked.body.id,
        })
      ).body.error,
    ).toBe('approval_invalid');
    const used = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 77',
      approvalId: asked.body.id,
    });
    expect(used.status).toBe(200);
    const again = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 77',
      approvalId: asked.body.id,
    });
    expect(again.body.error).toBe('approval_invalid');
    const [record] = await audit('user.2fa.reset');
    expect(record?.proof).toMatch(
      new RegExp(`^four-eyes: approval #${asked.body.id} requested by desk, approved by root at `),
    );

    // An admin target: root asks, the help desk may not approve, another admin may.
    const forAdmin = await root.call<{ id: number }>('POST', '/approvals', {
      userId: opsId,
      action: 'reset-2fa',
      reason: 'new phone, ticket 78',
    });
    const byDesk = await desk.call('POST', `/approvals/${forAdmin.body.id}/approve`);
    expect(byDesk.status).toBe(403);
    expect(byDesk.body.error).toBe('approver_role');
    // A caller check is not enough for an admin (the default policy): four-eyes only.
    const noFourEyes = await root.call('POST', `/users/${opsId}/2fa/reset`, {
      reason: 'new phone, ticket 78',
      inPersonNote: 'badge and passport seen',
    });
    expect(noFourEyes.body.error).toBe('proof_not_accepted');
    expect(noFourEyes.body.message).toMatch(/accepts a second staff member's approval/);
  });

  it('an approval expires 30 minutes after it was given', async () => {
    const id = await approved(desk, bobId, 'reset-2fa');
    passTime(31 * MINUTE);
    await fresh();
    const late = await desk.call('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 79',
      approvalId: id,
    });
    expect(late.body.error).toBe('approval_invalid');
  });

  it('an admin reset waits out the cooldown: mailed at once, applied by the scheduler at the end and not before', async () => {
    const id = await approved(root, opsId, 'reset-2fa');
    const reset = await root.call<{ pending: Pending }>('POST', `/users/${opsId}/2fa/reset`, {
      reason: 'new phone, ticket 80',
      approvalId: id,
    });
    expect(reset.status).toBe(202);
    const { pending } = reset.body;
    expect(pending).toMatchObject({ state: 'pending', action: 'reset-2fa' });
    expect(Date.parse(pending.dueAt) - Date.now()).toBeGreaterThan(59 * MINUTE);
    const mail = await sink.waitFor('ops@example.test', /The help desk asked to reset 2FA on your account/);
    expect(mail.text).toContain('Root Admin (root) of the help desk asked to reset 2FA');
    expect(mail.text).toContain('This was not me — stop it:');
    const link = stopLinkIn(mail.text);
    expect((await audit('user.2fa.reset.pending'))[0]?.proof).toMatch(/^four-eyes: approval #/);

    // Listed with the time it takes effect; a second reset meanwhile is no different.
    passTime(59 * MINUTE);
    await fresh();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await pendingOf(pending.id)).state).toBe('pending');
    expect((await audit('user.2fa.reset')).some((r) => r.target === 'ops')).toBe(false);

    passTime(2 * MINUTE);
    expect((await settled(pending.id)).state).toBe('done');
    await fresh();
    const done = (await audit('user.2fa.reset')).find((r) => r.target === 'ops');
    expect(done).toMatchObject({ actor: 'root', result: 'ok' });
    expect(done?.reason).toMatch(/after the cooldown/);
    expect(done?.proof).toMatch(/^four-eyes: approval #/);

    // The link is expired now: the page says so and nothing changes.
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
  });

  it('the stop link cancels, works once, locks resets for 24 hours and tells the security contact', async () => {
    const id = await approved(root, deskTwoId, 'reset-2fa');
    const reset = await root.call<{ pending: Pending }>('POST', `/users/${deskTwoId}/2fa/reset`, {
      reason: 'new phone, ticket 81',
      approvalId: id,
    });
    expect(reset.status).toBe(202);
    const mail = await sink.waitFor('desk2@example.test', /asked to reset 2FA/);
    const link = stopLinkIn(mail.text);
    // Opening the link changes nothing (a mail scanner may fetch it); the button does.
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('This was not me — stop it');
    expect((await pendingOf(reset.body.pending.id)).state).toBe('pending');
    const token = new URL(link).searchParams.get('t') as string;
    const stop = () =>
      fetch(`${server.baseUrl}/stop`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: token }).toString(),
      });
    const stopped = await stop();
    expect(stopped.status).toBe(200);
    expect(await stopped.text()).toContain('Stopped');
    expect((await pendingOf(reset.body.pending.id)).state).toBe('stopped');
    const reused = await stop();
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('This link was used already');
    const told = await sink.waitFor('security@example.test', /desk2 stopped a help-desk request/);
    expect(told.text).toContain('Requested by: root');
    expect(told.text).toContain('Proof given: four-eyes: approval #');
    expect((await audit('user.pending.stop'))[0]).toMatchObject({ actor: 'desk2', target: 'desk2' });

    // Locked for 24 hours, whatever the proof.
    const locked = await root.call('POST', `/users/${deskTwoId}/2fa/reset`, {
      reason: 'new phone, ticket 82',
      approvalId: await approved(root, deskTwoId, 'reset-2fa'),
    });
    expect(locked.status).toBe(409);
    expect(locked.body.error).toBe('resets_locked');
    // Even after its due time, the stopped reset never takes effect.
    passTime(2 * 60 * MINUTE);
    await fresh();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await pendingOf(reset.body.pending.id)).state).toBe('stopped');
    expect((await audit('user.2fa.reset')).some((r) => r.target === 'desk2')).toBe(false);
    // A made-up token: refused.
    const forged = await fetch(`${server.baseUrl}/stop?t=${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
  });

  it('the policy can accept in person and set a cooldown for users; a staff Cancel ends a waiting reset', async () => {
    const policy = await root.call<{
      resetPolicies: { role: string; proofs: string[]; cooldownMinutes: number }[];
    }>('PUT', '/reset-policy/user', {
      proofs: ['caller-check', 'four-eyes', 'in-person'],
      cooldownMinutes: 30,
      reason: 'front desk open again',
    });
    expect(policy.status).toBe(200);
    expect(policy.body.resetPolicies.find((p) => p.role === 'user')).toMatchObject({
      proofs: ['caller-check', 'four-eyes', 'in-person'],
      cooldownMinutes: 30,
    });
    const byDesk = await desk.call('PUT', '/reset-policy/user', {
      proofs: ['in-person'],
      cooldownMinutes: 0,
    });
    expect(byDesk.status).toBe(403);
    const reset = await desk.call<{ pending: Pending }>('POST', `/users/${bobId}/2fa/reset`, {
      reason: 'new phone, ticket 84',
      inPersonNote: 'driving licence seen at reception',
    });
    expect(reset.status).toBe(202);
    expect(reset.body.pending.proof).toBe(
      'in person, identity document seen: driving licence seen at reception',
    );
    const cancelled = await desk.call<{ actions: Pending[] }>(
      'DELETE',
      `/pending-actions/${reset.body.pending.id}`,
      {
        reason: 'the user called back: found the phone',
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.actions.find((a) => a.id === reset.body.pending.id)?.state).toBe('cancelled');
    const twice = await desk.call('DELETE', `/pending-actions/${reset.body.pending.id}`, {
      reason: 'the user called back: found the phone',
    });
    expect(twice.body.error).toBe('not_pending');
    passTime(31 * MINUTE);
    await fresh();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await pendingOf(reset.body.pending.id)).state).toBe('cancelled');
  });

  it('a temporary code under a cooldown works only from the end of it, mailed with its stop link', async () => {
    await server.addUser({
      login: 'carl',
      name: 'Carl Example',
      role: 'user',
      password: 'carl password',
      email: 'carl@example.test',
    });
    const enrolled = new WebUser(server.baseUrl);
    expect(await enrolled.login('carl', 'carl password')).toBe('/account');
    await enrolled.enableTwofa('carl password', async (secret) => new HelpdeskCodes(secret).next());
    await fresh();
    const carlId = await desk.userId('carl');
    // The user policy is still in person accepted, 30 minutes' cooldown (set above).
    const issued = await desk.call<{ code: string; activeFrom: string; pending: Pending }>(
      'POST',
      `/users/${carlId}/temporary-codes`,
      { reason: 'lost phone, ticket 85', inPersonNote: 'passport seen at reception', lifetimeMinutes: 60 },
    );
    expect(issued.status).toBe(202);
    expect(Date.parse(issued.body.activeFrom) - Date.now()).toBeGreaterThan(29 * MINUTE);
    const mail = await sink.waitFor('carl@example.test', /asked to issue a temporary access code/);
    expect(stopLinkIn(mail.text)).toMatch(/\/stop\?t=/);
    const early = new WebUser(server.baseUrl);
    expect(await early.login('carl', 'carl password')).toBe('/login/2fa');
    expect(await early.secondStep(issued.body.code)).toBeNull();
    passTime(31 * MINUTE);
    await fresh();
    expect((await settled(issued.body.pending.id)).state).toBe('done');
    const later = new WebUser(server.baseUrl);
    expect(await later.login('carl', 'carl password')).toBe('/login/2fa');
    expect(await later.secondStep(issued.body.code)).toBe('/account/security/required');
  });
});
