// Issue 20 (help-desk console): the sign-in form fits the window at every step (item 5), My account
// says where the code is after enrolling (item 4), unsaved recovery codes ask before leaving (item 22),
// audit actions in words with a list of plain names and an actor matched by name (item 7), the side
// panel as a full-height drawer with one-line dates (item 8), and plurals, the reason's error at the
// field and the policy's words when no role requires 2FA (item 12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, snap, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { ApiClient } from '../server/helpers/api-client';
import { CodeSource, nextStep } from './support/codes';
import { eventually, helpdesk } from './support/console-page';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

const ROOT_PASSWORD = 'root-password-1234';
const DESK_PASSWORD = 'desk-password-1234';
const ALICE_PASSWORD = 'alice-password-1234';

interface Fit {
  /** The largest scrollTop of the document and of every box around the rail and the view. */
  scrolled: number;
  /** How far the document could scroll at all. */
  documentOverflow: number;
  railTop: number;
  railBottom: number;
  signInBottom: number | null;
  height: number;
}

/** Whether the window shows the rail whole and the sign-in button, without the document scrolling. */
function fit(page: Page): Promise<Fit> {
  return page.evaluate<Fit>(`(() => {
    const rail = document.querySelector('nav[aria-label="Main"]').getBoundingClientRect();
    const form = document.querySelector('form[aria-label="Sign in to an account server"]');
    const button = form ? [...form.querySelectorAll('button')].find((b) => /^Sign(ing)? in/.test(b.textContent.trim())) : null;
    const boxes = [document.scrollingElement, document.body, ...document.querySelectorAll('#root, .app, .app__main')];
    return {
      scrolled: Math.max(...boxes.map((box) => box.scrollTop)),
      documentOverflow: document.scrollingElement.scrollHeight - document.scrollingElement.clientHeight,
      railTop: rail.top,
      railBottom: rail.bottom,
      signInBottom: button ? button.getBoundingClientRect().bottom : null,
      height: innerHeight,
    };
  })()`);
}

function expectFits(found: Fit, step: string): void {
  expect(found.scrolled, `${step}: scrolled`).toBe(0);
  expect(found.documentOverflow, `${step}: the document could scroll`).toBeLessThanOrEqual(0);
  expect(found.railTop, `${step}: rail top`).toBeGreaterThanOrEqual(0);
  expect(found.railBottom, `${step}: rail bottom`).toBeLessThanOrEqual(found.height);
  expect(found.signInBottom, `${step}: Sign in button`).not.toBeNull();
  expect(found.signInBottom!, `${step}: Sign in button within the window`).toBeLessThanOrEqual(found.height);
}

describe.skipIf(skipReason('help-desk console fit in Chromium', chromiumUnavailable() ?? noKeychain))(
  'The help-desk console fits and says things plainly (issue 20)',
  { timeout: 240_000 },
  () => {
    let server: RunningServer;
    let app: AppSession;
    /** The last 30-second step whose code root used (enrolling, signing in). */
    let lastStep = 0;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: ROOT_PASSWORD });
      await server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: DESK_PASSWORD });
      await server.addUser({ login: 'alice', name: 'Alice Example', role: 'user', password: ALICE_PASSWORD });
      await server.addUser({
        login: 'bob',
        name: 'Bob Builder',
        role: 'user',
        password: 'bob-password-1234',
      });
      // Alice has 2FA and signed in on the website with it: her panel has sign-ins to show.
      const alice = new WebUser(server.baseUrl);
      await alice.login('alice', ALICE_PASSWORD);
      const codes = new CodeSource(
        await alice.enableTwofa(ALICE_PASSWORD, (secret) => new CodeSource(secret).next()),
      );
      const again = new WebUser(server.baseUrl);
      await again.login('alice', ALICE_PASSWORD);
      await again.secondStep(await codes.next());
      // The help desk issues Alice a temporary code (an action the server audits).
      const desk = new ApiClient(server.baseUrl);
      expect((await desk.signIn('desk', DESK_PASSWORD)).status).toBe(201);
      expect((await desk.stepUp(DESK_PASSWORD)).status).toBeLessThan(300);
      const aliceId = await desk.userId('alice');
      const issued = await desk.call('POST', `/users/${aliceId}/temporary-codes`, {
        reason: 'Phone left at home today',
        lifetimeMinutes: 60,
        uses: 1,
        // The caller read out a code from her authenticator first (issue 25: a proof is required).
        ...(await desk.callerCheck(aliceId, await codes.next())),
      });
      expect(issued.status).toBeLessThan(300);
      app = await openApp({ context: { viewport: { width: 1100, height: 720 } } });
    }, 240_000);

    afterAll(async () => {
      await app?.close();
      await server?.stop();
    });

    it('item 5: a new server form shows Server, Login, Password and Sign in in the window; the rest under More options', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.open();
      await hd.signIn.waitFor();
      await snap(page, '20-signin-new-1100');
      expectFits(await fit(page), 'new server at 1100×720');
      expect(await hd.signIn.getByLabel('Profile name (optional)').isVisible()).toBe(false);
      expect(await hd.signIn.getByLabel('Trusted CA file (optional)').isVisible()).toBe(false);
      await hd.signIn.getByText('More options').click();
      expect(await hd.signIn.getByLabel('Profile name (optional)').isVisible()).toBe(true);
      await hd.signIn.getByText('More options').click();
      await page.setViewportSize({ width: 760, height: 600 });
      expectFits(await fit(page), 'new server at 760×600');
      await page.setViewportSize({ width: 1100, height: 720 });

      await hd.signInWith(server.baseUrl, 'root', ROOT_PASSWORD);
      await hd.signedIn();
    });

    it('item 22: unsaved recovery codes ask before the tab, the view or the window is left', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.tab('My account').click();
      await page.getByLabel('Your password').fill(ROOT_PASSWORD);
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      const codes = page.getByRole('list', { name: 'Recovery codes' });
      await codes.getByRole('listitem').first().waitFor();

      const question = page.getByRole('dialog', { name: 'Leave without saving the recovery codes?' });
      // Another tab: asked, and Stay keeps the codes on screen.
      await hd.tab('Users').click();
      await question.waitFor();
      await question.getByRole('button', { name: 'Stay' }).click();
      await question.waitFor({ state: 'detached' });
      expect(await codes.getByRole('listitem').count()).toBe(10);
      expect(await hd.tab('My account').getAttribute('aria-selected')).toBe('true');
      // Another view on the rail: asked too.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Codes' }).click();
      await question.waitFor();
      await question.getByRole('button', { name: 'Stay' }).click();
      await question.waitFor({ state: 'detached' });
      expect(await codes.getByRole('listitem').count()).toBe(10);
      // Signing out: asked.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await question.waitFor();
      await question.getByRole('button', { name: 'Stay' }).click();
      await question.waitFor({ state: 'detached' });
      // Closing the window: the page holds back its unload (Chromium asks with its own beforeunload dialog).
      const asked: string[] = [];
      page.once('dialog', (dialog) => {
        asked.push(dialog.type());
        void dialog.dismiss();
      });
      await page.close({ runBeforeUnload: true });
      await eventually(
        async () => asked,
        (types) => types.length > 0,
      );
      expect(asked).toEqual(['beforeunload']);
      expect(page.isClosed()).toBe(false);

      // Once confirmed saved, nothing asks (the codes stay on My account until Done).
      await page.getByLabel('I have saved them').check();
      await hd.tab('Users').click();
      await hd.users.waitFor();
      expect(await question.count()).toBe(0);
      await hd.tab('My account').click();
      await codes.getByRole('listitem').first().waitFor();
      await page.getByLabel('I have saved them').check();
      await page.getByRole('button', { name: 'Done' }).click();
      lastStep = Math.floor(Date.now() / 30_000);
    });

    it('item 4: after enrolling, My account says 2FA is on and where its code is, with Show in Codes', async () => {
      const { page, host } = app;
      const hd = helpdesk(page);
      const mine = host.services.vaults
        .current()
        .list()
        .find((entry) => entry.account === 'root');
      expect(mine).toBeDefined();
      const section = page.getByRole('region', { name: 'Your account' });
      await section.getByText(/Two-factor authentication is on for root/).waitFor();
      const text = await section.innerText();
      expect(text).toContain(`${mine!.issuer}: root`);
      expect(text).not.toContain('turn it off on the server first');
      expect(text).not.toContain('already on');
      await snap(page, '20-my-account-on');

      // Visiting again (read from the server and the vault, not from the enrolment just done): the same.
      await hd.tab('Users').click();
      await hd.tab('My account').click();
      await section.getByText(/Two-factor authentication is on for root/).waitFor();

      await section.getByRole('button', { name: 'Show in Codes' }).click();
      await page.getByRole('heading', { name: 'Codes' }).waitFor();
      await eventually(
        () =>
          page.evaluate<string | null>(
            `document.activeElement?.closest('[data-entry-id]')?.getAttribute('data-entry-id') ?? null`,
          ),
        (id) => id === mine!.id,
      );
    });

    it('item 5: a saved profile asks only for the password, focused; the code step keeps the window still', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      for (const [width, height] of [
        [1100, 720],
        [760, 600],
      ] as const) {
        await page.setViewportSize({ width, height });
        await hd.open();
        const signOut = page.getByRole('button', { name: 'Sign out' });
        await signOut.or(hd.signIn).first().waitFor();
        if (await signOut.isVisible()) await signOut.click();
        await hd.signIn.waitFor();
        const password = hd.signIn.getByLabel('Password');
        await password.waitFor();
        expect(await hd.signIn.getByLabel('Server address').count()).toBe(0);
        expect(await hd.signIn.getByLabel('Login').count()).toBe(0);
        await eventually(
          () => password.evaluate((el) => el === el.ownerDocument.activeElement),
          (focused) => focused,
        );
        await snap(page, `20-signin-saved-${width}`);
        expectFits(await fit(page), `saved profile at ${width}×${height}`);

        await password.fill(ROOT_PASSWORD);
        await hd.signIn.getByRole('button', { name: 'Sign in' }).click();
        await hd.signIn.getByLabel('Your two-factor code').waitFor();
        await snap(page, `20-signin-code-${width}`);
        expectFits(await fit(page), `code step at ${width}×${height}`);
        // The server takes each time step once: the enrolment or the last sign-in may have spent this one.
        if (Math.floor(Date.now() / 30_000) <= lastStep) await nextStep();
        await hd.signInWithCodeFromVault();
        lastStep = Math.floor(Date.now() / 30_000);
        await hd.signedIn();
        expectFits({ ...(await fit(page)), signInBottom: 0 }, `signed in at ${width}×${height}`);
      }
      await page.setViewportSize({ width: 1100, height: 720 });
    });

    it('item 7: every server action reads as words; Action is a list of plain names; Actor matches a name', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      const row = await hd.auditRow(/desk issued a temporary sign-in code for alice/);
      expect(await row.innerText()).toContain('Phone left at home today');
      const table = page.getByRole('table', { name: 'Audit log' });
      const sentences = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(sentences.filter((sentence) => sentence.includes('did “'))).toEqual([]);

      const filters = page.getByRole('form', { name: 'Audit filters' });
      const action = filters.getByLabel('Action');
      expect(await action.evaluate((el) => el.tagName)).toBe('SELECT');
      const names = await action.locator('option').allInnerTexts();
      expect(names).toContain('Temporary code issued');
      expect(names.filter((name) => /^[a-z]+(\.[a-z0-9-]+)+$/.test(name))).toEqual([]);
      await action.selectOption({ label: 'Temporary code issued' });
      await filters.getByRole('button', { name: 'Filter' }).click();
      await eventually(
        () => table.locator('tbody tr td:nth-child(2)').allInnerTexts(),
        (rows) => rows.length === 1 && rows[0] === 'desk issued a temporary sign-in code for alice',
      );

      // The actor by the person's name (part of it, any case).
      await action.selectOption({ label: 'Any action' });
      await filters.getByLabel('Actor', { exact: true }).fill('dana');
      await filters.getByRole('button', { name: 'Filter' }).click();
      const byName = await eventually(
        () => table.locator('tbody tr td:nth-child(2)').allInnerTexts(),
        (rows) => rows.length >= 2 && rows.every((sentence) => sentence.startsWith('desk ')),
      );
      expect(byName).toContain('desk signed in to the help-desk console');
      await filters.getByLabel('Actor', { exact: true }).fill('');
      await filters.getByRole('button', { name: 'Filter' }).click();
    });

    it('item 8: the side panel is a full-height drawer at 760×600; its sign-in dates take one line at 1100', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.tab('Users').click();
      for (const [width, height] of [
        [760, 600],
        [1100, 720],
      ] as const) {
        await page.setViewportSize({ width, height });
        await hd.users.getByRole('row', { name: /alice/ }).click();
        await hd.panel.waitFor();
        const dates = hd.panel.getByRole('table', { name: 'Sign-ins' }).locator('tbody tr td:first-child');
        await dates.first().waitFor();
        await snap(page, `20-panel-${width}`);
        const box = await hd.panel.evaluate((el) => {
          const rect = el.getBoundingClientRect();
          return { top: rect.top, bottom: rect.bottom };
        });
        if (width === 760) {
          // A drawer from the window's top to its bottom, not a box ending above it.
          expect(box.top).toBeLessThanOrEqual(1);
          expect(
            Math.abs(box.bottom - height),
            `panel bottom ${box.bottom} in a ${height} px window`,
          ).toBeLessThanOrEqual(1);
        }
        // Each date: the height of its text against its line height.
        const lines = await dates.evaluateAll((cells) =>
          cells.map((cell) => {
            const range = cell.ownerDocument.createRange();
            range.selectNodeContents(cell);
            const lineHeight = parseFloat(cell.ownerDocument.defaultView!.getComputedStyle(cell).lineHeight);
            return Math.round(range.getBoundingClientRect().height / lineHeight);
          }),
        );
        expect(lines.length).toBeGreaterThan(0);
        if (width === 1100)
          expect(
            lines.every((count) => count === 1),
            `lines per date: ${lines.join()}`,
          ).toBe(true);
        await page.keyboard.press('Escape');
        await hd.panel.waitFor({ state: 'detached' });
      }
    });

    it('item 12: "1 user", the reason error at the field, and the policy when no role requires 2FA', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await page.getByRole('searchbox', { name: 'Search users' }).fill('alice');
      await eventually(
        () => hd.pager().innerText(),
        (text) => text.startsWith('1 user '),
      );

      await hd.users.getByRole('row', { name: /alice/ }).click();
      await hd.panel.getByRole('button', { name: 'Disable 2FA' }).click();
      const dialog = hd.dialog();
      const reason = dialog.getByLabel('Reason');
      await reason.fill('short');
      const password = dialog.getByLabel('Your password');
      if ((await password.count()) > 0) await password.fill(ROOT_PASSWORD);
      await dialog.getByRole('button', { name: 'Disable 2FA for Alice Example' }).click();
      const error = dialog.getByText('Give a reason of at least 10 characters; it goes into the audit log.');
      await error.waitFor();
      const at = await reason.evaluate((el) => {
        const described = (el.getAttribute('aria-describedby') ?? '').split(/\s+/);
        const message = [...el.ownerDocument.querySelectorAll('dialog[open] [role="alert"]')].find((node) =>
          node.textContent?.includes('at least 10 characters'),
        );
        return {
          describedBy: message !== undefined && described.includes(message.id),
          sameField: message !== undefined && el.closest('.field')?.contains(message) === true,
          focused: el === el.ownerDocument.activeElement,
          invalid: el.getAttribute('aria-invalid'),
        };
      });
      expect(at).toEqual({ describedBy: true, sameField: true, focused: true, invalid: 'true' });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox', { name: 'Search users' }).fill('');

      await hd.tab('Policy').click();
      const summary = page.getByRole('region', { name: 'Out of compliance' });
      await summary.getByText(/2FA/).first().waitFor();
      expect(await summary.innerText()).toContain('No role requires 2FA');
      expect(await summary.innerText()).not.toContain('Everyone in a role that requires 2FA has it');
    });
  },
);
