import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { ApiClient } from '../server/helpers/api-client';
import { CodeSource } from './support/codes';
import { eventually, helpdesk } from './support/console-page';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

const password = (login: string) => `${login}-password-1234`;

interface AuditRecord {
  actor: string;
  action: string;
  target: string | null;
  proof?: string | null;
}

/**
 * Issue 25 in the console (Chromium through the test host, the real server process, mail to a real
 * SMTP server): every proof path of a reset, disable or temporary code, refused by the server
 * without an accepted one, four-eyes across two staff members, and the cooldown's pending action
 * with its time left and Cancel.
 */
describe.skipIf(skipReason('help desk console proofs in Chromium', chromiumUnavailable() ?? noKeychain))(
  'The help desk console: proof before a reset, four-eyes and the cooldown',
  { timeout: 180_000 },
  () => {
    let server: RunningServer;
    let sink: SmtpSink;
    let dir: string;
    let app: AppSession;
    let root: ApiClient;
    let chief: ApiClient;
    const codes = new Map<string, CodeSource>();

    const auditFor = async (action: string): Promise<AuditRecord[]> =>
      (await root.call<{ records: AuditRecord[] }>('GET', `/audit?action=${action}`)).body.records;
    const signIn = async (login: string, first: boolean): Promise<void> => {
      const hd = helpdesk(app.page);
      if (first) {
        await hd.newServer();
        await hd.signIn.getByLabel('Server address').fill(server.baseUrl);
      }
      await hd.signIn.getByLabel('Login').fill(login);
      await hd.signIn.getByLabel('Password').fill(password(login));
      await hd.signIn.getByRole('button', { name: 'Sign in' }).click();
      await hd.signedIn();
    };
    const openUser = async (login: string) => {
      const hd = helpdesk(app.page);
      await hd.tab('Users').click();
      await hd.users.getByRole('row', { name: new RegExp(`\\b${login}\\b`) }).click();
      await hd.panel.getByRole('heading', { name: new RegExp(login, 'i') }).waitFor();
      return hd.panel;
    };
    /** Fills the admin's password when the dialog asks for it. */
    const confirmPassword = async (login: string): Promise<void> => {
      const field = helpdesk(app.page).dialog().getByLabel('Your password');
      if ((await field.count()) > 0) await field.fill(password(login));
    };

    beforeAll(async () => {
      await ensureRendererBuilt();
      dir = await mkdtemp(join(tmpdir(), 'twofold-console-proof-'));
      await writeFile(join(dir, 'smtp-password'), 'smtp secret 246\n');
      sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 246' });
      server = await startServer({
        env: { ...smtpEnv(sink, join(dir, 'smtp-password')), TWOFOLD_SERVER_SCHEDULER_INTERVAL_MS: '200' },
      });
      const people = [
        ['root', 'Root Admin', 'admin'],
        ['chief', 'Chief Admin', 'admin'],
        ['ops', 'Ops Admin', 'admin'],
        ['desk', 'Dana Desk', 'helpdesk'],
        ['alice', 'Alice Example', 'user'],
        ['bob', 'Bob Example', 'user'],
      ] as const;
      for (const [login, name, role] of people) {
        await server.addUser({
          login,
          name,
          role,
          password: password(login),
          email: `${login}@example.test`,
        });
      }
      for (const login of ['alice', 'bob']) {
        const web = new WebUser(server.baseUrl);
        await web.login(login, password(login));
        await web.enableTwofa(password(login), async (secret) => {
          codes.set(login, new CodeSource(secret));
          return codes.get(login)!.next();
        });
      }
      root = new ApiClient(server.baseUrl);
      chief = new ApiClient(server.baseUrl);
      for (const [client, login] of [
        [root, 'root'],
        [chief, 'chief'],
      ] as const) {
        expect((await client.signIn(login, password(login))).status).toBe(201);
        expect((await client.stepUp(password(login))).status).toBe(200);
      }
      app = await openApp();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
      await server?.stop();
      await sink?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refused by the server without an accepted proof: in person is not enough for users by default', async () => {
      const hd = helpdesk(app.page);
      await hd.open();
      await signIn('desk', true);
      const panel = await openUser('alice');
      await panel.getByRole('button', { name: 'Reset 2FA' }).click();
      const dialog = hd.dialog();
      await dialog.getByLabel('Reason').fill('New phone, ticket 7001');
      await dialog.getByLabel('In person, identity document seen').check();
      await dialog.getByLabel('Identity document seen', { exact: true }).fill('passport seen at reception');
      await confirmPassword('desk');
      await dialog.getByRole('button', { name: 'Reset 2FA for Alice Example' }).click();
      await dialog.getByText(/does not accept in person, identity document seen/).waitFor();
      expect(await panel.getByTestId('twofa-state').textContent()).toBe('2FA on');
      // No caller check yet: the console says so before sending anything.
      await dialog.getByLabel('Caller check passed (last 15 minutes)').check();
      await dialog.getByRole('button', { name: 'Reset 2FA for Alice Example' }).click();
      await dialog
        .getByText(/No caller check has passed yet/)
        .first()
        .waitFor();
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    });

    it('a code from the user’s authenticator is a caller check: the reset rests on it', async () => {
      const hd = helpdesk(app.page);
      const panel = hd.panel;
      await panel.getByRole('button', { name: 'Verify a code' }).click();
      let dialog = hd.dialog();
      await dialog.getByLabel('Code the caller reads out').fill(await codes.get('alice')!.next());
      await dialog.getByRole('button', { name: 'Check code' }).click();
      await dialog.locator('.helpdesk-verdict--ok').waitFor();
      await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
      await panel.getByRole('button', { name: 'Reset 2FA' }).click();
      dialog = hd.dialog();
      expect(await dialog.getByTestId('proof-caller-check').textContent()).toMatch(
        /Caller check #\d+ passed: the caller read out a right code from the user's authenticator/,
      );
      await dialog.getByLabel('Reason').fill('New phone, ticket 7002');
      await confirmPassword('desk');
      await dialog.getByRole('button', { name: 'Reset 2FA for Alice Example' }).click();
      await eventually(
        () => panel.getByTestId('twofa-state').textContent(),
        (text) => text === '2FA off',
      );
      expect((await auditFor('user.2fa.reset'))[0]).toMatchObject({
        actor: 'desk',
        target: 'alice',
        proof: expect.stringMatching(/^caller check #\d+: a code from the user's authenticator/),
      });
    });

    it('four-eyes: asked in the dialog, approved by another staff member, then used for the disable', async () => {
      const hd = helpdesk(app.page);
      const panel = await openUser('bob');
      await panel.getByRole('button', { name: 'Disable 2FA' }).click();
      const dialog = hd.dialog();
      await dialog.getByLabel('Reason').fill('Lost phone, ticket 7003');
      await dialog.getByLabel('Approved by a second staff member').check();
      await dialog.getByRole('button', { name: 'Ask for approval' }).click();
      const sent = await dialog.getByText(/^Request #\d+ sent/).textContent();
      const requestId = Number(/#(\d+)/.exec(sent ?? '')?.[1]);
      // The requester cannot approve their own; another administrator can.
      const listed = await chief.call<{ approvals: { id: number; requestedBy: string; state: string }[] }>(
        'GET',
        '/approvals',
      );
      expect(listed.body.approvals.find((a) => a.id === requestId)).toMatchObject({
        requestedBy: 'desk',
        state: 'waiting',
      });
      expect((await chief.call('POST', `/approvals/${requestId}/approve`)).status).toBe(200);
      await dialog.getByRole('button', { name: 'Check again' }).click();
      await dialog.getByText(`Request #${requestId}: approved by chief`, { exact: false }).waitFor();
      await confirmPassword('desk');
      await dialog.getByRole('button', { name: 'Disable 2FA for Bob Example' }).click();
      await eventually(
        () => panel.getByTestId('twofa-state').textContent(),
        (text) => text === '2FA off',
      );
      expect((await auditFor('user.2fa.disable'))[0]?.proof).toMatch(
        new RegExp(`^four-eyes: approval #${requestId} requested by desk, approved by chief`),
      );
    });

    it('the other agent approves in their console; an admin reset then waits, with its time left and a Cancel', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      // chief asks to reset ops (an administrator): root approves it in the console's Requests tab.
      const asked = await chief.call<{ id: number }>('POST', '/approvals', {
        userId: await root.userId('ops'),
        action: 'reset-2fa',
        reason: 'New phone, ticket 7004',
      });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await hd.signInWith(server.baseUrl, 'root', password('root'));
      await hd.tab('Requests').click();
      const request = page.getByTestId(`approval-${asked.body.id}`);
      await request.getByText('chief asks to reset 2FA for Ops Admin').waitFor();
      await request.getByRole('button', { name: `Approve #${asked.body.id}` }).click();
      const passwordField = page.getByLabel('Your password');
      if ((await passwordField.count()) > 0) {
        await passwordField.fill(password('root'));
        await request.getByRole('button', { name: `Approve #${asked.body.id}` }).click();
      }
      await request.getByText('approved by root').waitFor();

      const reset = await chief.call<{ pending: { id: number } }>(
        'POST',
        `/users/${await root.userId('ops')}/2fa/reset`,
        {
          reason: 'New phone, ticket 7004',
          approvalId: asked.body.id,
        },
      );
      expect(reset.status).toBe(202);
      const mail = await sink.waitFor('ops@example.test', /asked to reset 2FA on your account/);
      expect(mail.text).toContain('This was not me — stop it:');

      await page.getByRole('button', { name: 'Refresh' }).click();
      const pending = page.getByTestId(`pending-${reset.body.pending.id}`);
      expect(await pending.getByTestId('time-left').textContent()).toMatch(/^in (1 h|59 min)$/);
      await pending.getByRole('button', { name: 'Cancel' }).click();
      const dialog = hd.dialog();
      await dialog.getByLabel('Reason').fill('Ops called back: they have their phone');
      await dialog.getByRole('button', { name: 'Cancel it' }).click();
      await page.getByText('Cancelled: it will not take effect.').waitFor();
      await page.getByText(/reset 2FA for ops by chief: cancelled by root/).waitFor();
      expect((await auditFor('user.pending.cancel'))[0]).toMatchObject({ actor: 'root', target: 'ops' });
    });

    it('an administrator changes the proofs and cooldown of a role in the Policy tab; the server keeps and audits it', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      // A new sign-in: no password confirmed yet in this session, so the dialog asks for it.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await hd.signInWith(server.baseUrl, 'root', password('root'));
      await hd.tab('Policy').click();
      const table = page.getByRole('table', { name: 'Proofs and cooldown' });
      await table.getByRole('row', { name: /Users/ }).waitFor();
      await page.getByRole('button', { name: 'Change the proofs and cooldown for Users' }).click();
      const dialog = hd.dialog();
      await dialog.getByRole('heading', { name: 'Proofs and cooldown for users' }).waitFor();
      // Nothing ticked is refused at once, before anything is sent.
      await dialog.getByLabel('a caller check passed in the last 15 minutes').uncheck();
      await dialog.getByLabel("a second staff member's approval").uncheck();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText('Tick at least one proof that is enough.').waitFor();
      await dialog.getByLabel("a second staff member's approval").check();
      await dialog.getByLabel('in person, identity document seen').check();
      await dialog.getByLabel('Cooldown in minutes (0: none)').fill('5');
      await dialog.getByLabel('Reason').fill('Front desk checks passports, ticket 7005');
      const passwordField = dialog.getByLabel('Your password');
      await passwordField.waitFor();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog
        .getByText('Enter your own password: the server asks for it again before this change.')
        .waitFor();
      await passwordField.fill(password('root'));
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved: the proofs and cooldown for users.').waitFor();
      const users = table.getByRole('row', { name: /Users/ });
      await eventually(
        () => users.textContent(),
        (text) => /approval.*in person, identity document seen.*5 min/.test(text ?? ''),
      );
      expect(await users.textContent()).not.toContain('caller check');

      const policy = await root.call<{
        resetPolicies: { role: string; proofs: string[]; cooldownMinutes: number }[];
      }>('GET', '/policy');
      expect(policy.body.resetPolicies.find((rule) => rule.role === 'user')).toMatchObject({
        proofs: ['four-eyes', 'in-person'],
        cooldownMinutes: 5,
      });
      expect((await auditFor('reset-policy.set'))[0]).toMatchObject({ actor: 'root', target: 'role:user' });
    });
  },
);
