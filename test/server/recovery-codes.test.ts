// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

const CODE = /^[a-z2-7]{5}-[a-z2-7]{5}$/;

/**
 * "Generate new recovery codes": the password is checked first (a missing or wrong one
 * changes nothing), the old codes stop working, the new ones sign in, the owner is
 * emailed (read from a real SMTP server), and the admin API does the same for the
 * signed-in account behind a step-up.
 */
describe('new recovery codes', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let sink: SmtpSink;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twofold-recovery-'));
    await writeFile(join(dir, 'smtp-password'), 'smtp secret 123');
    sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 123' });
    server = await startServer({ env: smtpEnv(sink, join(dir, 'smtp-password')) });
    await Promise.all([
      server.addUser({
        login: 'root',
        name: 'Root Admin',
        role: 'admin',
        password: 'root password',
        email: 'root@example.test',
      }),
      server.addUser({ login: 'desk', name: 'Desk', role: 'helpdesk', password: 'desk password' }),
      server.addUser({
        login: 'erin',
        name: 'Erin Example',
        role: 'user',
        password: 'erin password',
        email: 'erin@example.test',
      }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const signInWithCode = async (login: string, code: string): Promise<string | null> => {
    const web = new WebClient(server.baseUrl);
    expect(await web.login(login, `${login} password`)).toBe('/login/2fa');
    const step = await web.get('/login/2fa');
    const answer = await web.post('/login/2fa', { code, csrf_token: WebClient.csrfOf(step.body) });
    return answer.location;
  };

  it('on the web page: asks the password up front, refuses a missing or wrong one, then replaces the codes', async () => {
    const web = new WebClient(server.baseUrl);
    expect(await web.login('erin', 'erin password')).toBe('/account');
    let source: CodeSource | undefined;
    const { recoveryCodes: old } = await web.enableTwoFactor('erin password', async (secret) => {
      source = CodeSource.of(secret);
      return source.next();
    });

    // The form is on the page from the start, with its password field.
    const security = await web.get('/account/security');
    expect(security.body).toContain('action="/account/security/recovery-codes"');
    expect(security.body).toMatch(/<input\s+type="password"\s+id="regenerate-password"[^>]*required/);
    const csrf = WebClient.csrfOf(security.body);

    const missing = await web.post('/account/security/recovery-codes', { csrf_token: csrf });
    expect(missing.status).toBe(400);
    const wrong = await web.post('/account/security/recovery-codes', {
      csrf_token: csrf,
      password: 'not erin password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong password. Your recovery codes were not changed.');
    const forged = await web.post('/account/security/recovery-codes', { password: 'erin password' });
    expect(forged.status).toBe(403);

    const made = await web.post('/account/security/recovery-codes', {
      csrf_token: csrf,
      password: 'erin password',
    });
    expect(made.status).toBe(200);
    const fresh = [...made.body.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map((m) => m[1] as string);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    // The text file is a data: link on the page: the header says whose codes, when, and once each.
    const href = /id="save-codes" href="data:text\/plain;charset=utf-8,([^"]+)"/.exec(made.body)?.[1];
    const file = decodeURIComponent((href ?? '').replace(/&#39;/g, "'"));
    expect(file).toMatch(/^Twofold recovery codes for erin on Twofold \(127\.0\.0\.1, port \d+\)\n/);
    expect(file).toMatch(/\nGenerated: \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
    expect(file).toContain('Each code signs you in once');
    for (const code of fresh) expect(file).toContain(`\n${code}\n`);

    const mail = await sink.waitFor('erin@example.test', /New recovery codes were made/);
    expect(mail.text).toContain('the old ones no longer work');
    expect(mail.text).toContain('Account: erin on Twofold (127.0.0.1, port');
    // The missing and wrong passwords sent nothing.
    expect(sink.mails.filter((m) => /New recovery codes/.test(m.subject))).toHaveLength(1);

    // The old codes are refused at sign-in, the new ones accepted (and their use is emailed).
    expect(await signInWithCode('erin', old[0]!)).toBe(null);
    expect(await signInWithCode('erin', fresh[0]!)).toBe('/account?notice=recovery');
    const used = await sink.waitFor('erin@example.test', /A recovery code was used/);
    expect(used.text).toContain('9 are left');
  });

  it('in the admin API for the signed-in account: behind a step-up, audited, emailed', async () => {
    const api = new ApiClient(server.baseUrl);
    expect((await api.signIn('root', 'root password')).status).toBe(201);
    expect((await api.stepUp('root password')).status).toBe(200);
    const setup = await api.call<{ secret: string }>('POST', '/me/2fa/setup');
    const source = CodeSource.of(setup.body.secret);
    const enabled = await api.call<{ recoveryCodes: string[] }>('POST', '/me/2fa/enable', {
      code: await source.next(),
    });
    expect(enabled.status).toBe(200);
    const old = enabled.body.recoveryCodes;

    // A fresh session: no step-up yet, so nothing changes; a wrong password gives none.
    const me = new ApiClient(server.baseUrl);
    expect((await me.signIn('root', 'root password', await source.next())).status).toBe(201);
    const noStepUp = await me.call('POST', '/me/2fa/recovery-codes');
    expect(noStepUp.status).toBe(403);
    expect(noStepUp.body.error).toBe('step_up_required');
    expect((await me.stepUp('wrong password')).status).toBe(401);
    expect((await me.call('POST', '/me/2fa/recovery-codes')).status).toBe(403);

    expect((await me.stepUp('root password')).status).toBe(200);
    const made = await me.call<{ recoveryCodes: string[]; generatedAt: string }>(
      'POST',
      '/me/2fa/recovery-codes',
    );
    expect(made.status).toBe(200);
    expect(made.body.recoveryCodes).toHaveLength(10);
    for (const code of made.body.recoveryCodes) expect(code).toMatch(CODE);
    expect(Number.isNaN(Date.parse(made.body.generatedAt))).toBe(false);

    // Old codes are refused, the new ones sign in.
    const withOld = await new ApiClient(server.baseUrl).signIn('root', 'root password', old[0]!);
    expect(withOld.status).toBe(401);
    const withNew = await new ApiClient(server.baseUrl).signIn(
      'root',
      'root password',
      made.body.recoveryCodes[0]!,
    );
    expect(withNew.status).toBe(201);

    const audit = await me.call<{ records: { action: string; actor: string; result: string }[] }>(
      'GET',
      '/audit?action=me.recovery.regenerate',
    );
    expect(audit.body.records.some((r) => r.actor === 'root' && r.result === 'ok')).toBe(true);
    const mail = await sink.waitFor('root@example.test', /New recovery codes were made/);
    expect(mail.text).toContain('Account: root on');
    // A recovery code used to sign in to the console is emailed as well.
    const used = await sink.waitFor('root@example.test', /A recovery code was used/);
    expect(used.text).toContain('9 are left');
  });

  it('refuses an account without 2FA in the API, and says so in words', async () => {
    const api = new ApiClient(server.baseUrl);
    expect((await api.signIn('desk', 'desk password')).status).toBe(201);
    expect((await api.stepUp('desk password')).status).toBe(200);
    const answer = await api.call('POST', '/me/2fa/recovery-codes');
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/Two-factor authentication is off/);
  });

  it('describes the route in the OpenAPI document, with its step-up', async () => {
    const doc = await fetch(`${server.baseUrl}/api/admin/v1/openapi.json`);
    const body = (await doc.json()) as { paths: Record<string, { post?: { summary: string } }> };
    expect(body.paths['/me/2fa/recovery-codes']?.post?.summary).toMatch(/step-up/);
  });
});
