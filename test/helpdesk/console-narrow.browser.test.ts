import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, snap, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { CodeSource } from './support/codes';
import { eventually, helpdesk } from './support/console-page';
import { WebUser } from './support/web-user';
import { axeViolations } from '../server/helpers/axe';

const noKeychain = keychainUnavailable();

const DESK_PASSWORD = 'desk-password-1234';

interface Box {
  width: number;
  right: number;
}

interface UsersLayout {
  search: number;
  table: Box | null;
  panel: Box | null;
  chipRows: number;
  chipsRight: number;
  chipHeights: number[];
  overflow: number;
}

/** The facts of the users view that decide whether it still works at this width. */
function usersLayout(page: Page): Promise<UsersLayout> {
  return page.evaluate<UsersLayout>(`(() => {
    const box = (selector) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
    const chips = [...document.querySelectorAll('[aria-label="Filters"] .chip')].map((chip) =>
      chip.getBoundingClientRect(),
    );
    const body = document.querySelector('.helpdesk-body');
    return {
      search: box('input[aria-label="Search users"]')?.width ?? 0,
      table: box('table[aria-label="Users"]'),
      panel: box('aside.helpdesk-panel'),
      chipRows: new Set(chips.map((chip) => Math.round(chip.top))).size,
      chipsRight: Math.max(...chips.map((chip) => chip.right)),
      chipHeights: chips.map((chip) => Math.round(chip.height)),
      // Anything wider than the view scrolls sideways: the table would be cut off.
      overflow: body ? body.scrollWidth - body.clientWidth : 0,
    };
  })()`);
}

/** How many lines the text of an element takes. */
function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    // One box per line of the text (an inline run gives one rectangle per line it spans).
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });
}

/** How far the body scrolls sideways (0 when everything fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const body = document.querySelector('.helpdesk-body');
    return body ? body.scrollWidth - body.clientWidth : 0;
  })()`);
}

describe.skipIf(skipReason('help desk at narrow widths in Chromium', chromiumUnavailable() ?? noKeychain))(
  'The help desk at 760 and 720 px wide (issue 12, item 10)',
  () => {
    let server: RunningServer;
    /** Alice's authenticator: the caller reads a code from it (the proof before a reset). */
    let aliceCodes: CodeSource;
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({
        login: 'root',
        name: 'Root Admin',
        role: 'admin',
        password: 'root-password-1234',
      });
      await server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: DESK_PASSWORD });
      for (const [login, name] of [
        ['alice', 'Alice Example'],
        ['bob', 'Bob Builder'],
        ['carol', 'Carol Longname-Whitfield'],
      ] as const)
        await server.addUser({ login, name, role: 'user', password: `${login}-password-1234` });
      // root has 2FA on, so only the role rule stands between the help desk and its buttons.
      const web = new WebUser(server.baseUrl);
      await web.login('root', 'root-password-1234');
      await web.enableTwofa('root-password-1234', (secret) => new CodeSource(secret).next());
      const aliceWeb = new WebUser(server.baseUrl);
      await aliceWeb.login('alice', 'alice-password-1234');
      await aliceWeb.enableTwofa('alice-password-1234', (secret) => {
        aliceCodes = new CodeSource(secret);
        return aliceCodes.next();
      });
      app = await openApp({ context: { viewport: { width: 760, height: 600 } } });
      const hd = helpdesk(app.page);
      await hd.open();
      await hd.signInWith(server.baseUrl, 'desk', DESK_PASSWORD);
      await hd.signedIn();
      await eventually(
        () => hd.logins(),
        (l) => l.length === 5,
      );
    }, 240_000);

    afterAll(async () => {
      await app?.close();
      await server?.stop();
    });

    for (const width of [760, 720]) {
      it(`keeps the search usable, the chips tidy and the table whole at ${width} px, panel open or not`, async () => {
        const { page } = app;
        const hd = helpdesk(page);
        await page.setViewportSize({ width, height: 600 });
        await hd.tab('Users').click();
        if (await hd.panel.isVisible())
          await hd.panel.getByRole('button', { name: 'Close user details' }).click();
        await hd.users.waitFor();

        const closed = await usersLayout(page);
        expect(closed.search, 'search field width').toBeGreaterThanOrEqual(200);
        expect(closed.chipRows, 'rows of filter chips').toBeLessThanOrEqual(2);
        // No chip is cut in two lines or pushed out of the view.
        expect(new Set(closed.chipHeights).size).toBe(1);
        expect(closed.chipsRight).toBeLessThanOrEqual(width);
        expect(closed.overflow, 'sideways scrolling').toBeLessThanOrEqual(0);

        await hd.users.getByRole('row', { name: /carol/ }).click();
        await hd.panel.waitFor();
        const open = await usersLayout(page);
        await snap(page, `10-helpdesk-panel-${width}`);
        // The panel does not squeeze the table: it keeps its width (the panel lies over it) …
        expect(open.table?.width ?? 0).toBeGreaterThanOrEqual((closed.table?.width ?? 0) - 1);
        // … and the panel itself is whole inside the window.
        expect(open.panel?.right ?? Infinity).toBeLessThanOrEqual(width);
        expect(open.panel?.width ?? 0).toBeGreaterThanOrEqual(280);
        expect(open.overflow, 'sideways scrolling with the panel').toBeLessThanOrEqual(0);
        // Column headings and logins still read on one line.
        expect(await lineCount(hd.users.getByRole('button', { name: /^Login/ }))).toBe(1);
        expect(await lineCount(hd.users.getByRole('row', { name: /carol/ }).locator('td').first())).toBe(1);

        await page.keyboard.press('Escape');
        await hd.panel.waitFor({ state: 'detached' });
      });
    }

    it('passes axe with the panel open over the table, light and dark, at 720 px', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await page.setViewportSize({ width: 720, height: 600 });
      await hd.users.getByRole('row', { name: /carol/ }).click();
      await hd.panel.waitFor();
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        expect(await axeViolations(page), colorScheme).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await page.keyboard.press('Escape');
      await hd.panel.waitFor({ state: 'detached' });
    });

    it('shows audit dates on at most two lines at 720 px', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await page.setViewportSize({ width: 720, height: 600 });
      // An action with a long reason, done at this width: the reason column competes with the dates.
      await hd.users.getByRole('row', { name: /alice/ }).click();
      // The caller reads a code from her authenticator: the proof the disable rests on (issue 25).
      await hd.panel.getByRole('button', { name: 'Verify a code' }).click();
      const check = hd.dialog();
      await check.getByLabel('Code the caller reads out').fill(await aliceCodes.next());
      await check.getByRole('button', { name: 'Check code' }).click();
      await check.locator('.helpdesk-verdict--ok').waitFor();
      await check.getByRole('button', { name: 'Close', exact: true }).last().click();
      await hd.panel.getByRole('button', { name: 'Disable 2FA' }).click();
      const dialog = hd.dialog();
      await dialog
        .getByLabel('Reason')
        .fill('Lost her phone on the train; identity checked by a call-back to her desk number');
      await dialog.getByLabel('Your password').fill(DESK_PASSWORD);
      await dialog.getByRole('button', { name: 'Disable 2FA for Alice Example' }).click();
      await eventually(
        () => hd.panel.getByTestId('twofa-state').textContent(),
        (t) => t === '2FA off',
      );
      await page.keyboard.press('Escape');
      await hd.tab('Audit').click();
      const table = page.getByRole('table', { name: 'Audit log' });
      await table.locator('tbody tr').first().waitFor();
      await snap(page, '10-helpdesk-audit-720');
      const lines: number[] = [];
      for (const cell of await table.locator('tbody tr td:first-child').all())
        lines.push(await lineCount(cell));
      expect(lines.length).toBeGreaterThan(0);
      for (const count of lines) expect(count).toBeLessThanOrEqual(2);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await hd.tab('Users').click();
    });

    it('says why the help desk cannot act on an administrator', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.users.getByRole('row', { name: /root/ }).click();
      await hd.panel.waitFor();
      for (const name of ['Verify a code', 'Disable 2FA']) {
        const button = hd.panel.getByRole('button', { name });
        await expect(button.isDisabled(), name).resolves.toBe(true);
        const why = await button.evaluate(
          (el) =>
            el.ownerDocument.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
        );
        expect(why).toContain('The help desk cannot act on an administrator');
      }
      await snap(page, '10-helpdesk-cannot-act-on-admin');
      await page.keyboard.press('Escape');
      await hd.panel.waitFor({ state: 'detached' });
      // A user account keeps its actions.
      await hd.users.getByRole('row', { name: /bob/ }).click();
      await hd.panel.getByText("Bob Builder's account is not locked").waitFor();
      expect(await hd.panel.textContent()).not.toContain('cannot act on');
    });
  },
);
