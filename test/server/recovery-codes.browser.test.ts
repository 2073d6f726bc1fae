// Issue 12, item 5 (server page): recovery codes can be kept (Copy, Save as text file, Print), the page
// cannot be left before "I have saved them", and "Generate new recovery codes" replaces them.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { snap } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { skipReason } from '../support/skip';
import { axeViolations } from './helpers/axe';
import { CodeSource } from './helpers/codes';

describe.skipIf(skipReason('recovery codes page in Chromium', chromiumUnavailable()))(
  'recovery codes on the server page, in a browser',
  { timeout: 180_000 },
  () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let source: CodeSource;
    const dialogs: string[] = [];
    let enabledCodes: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(), launchChromium()]);
      await server.addUser({
        login: 'alice',
        name: 'Alice Example',
        role: 'user',
        password: 'alice password',
      });
      context = await browser.newContext({ acceptDownloads: true });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
      // Counts print() calls instead of opening the print dialog (the page calls window.print()).
      await context.addInitScript(`window.printed = 0; window.print = () => { window.printed += 1; };`);
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // Leaving an unsaved page asks first: record the question and stay.
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.type());
        void dialog.dismiss();
      });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const shownCodes = async (): Promise<string[]> =>
      (await page.locator('#recovery-codes li').allTextContents()).map((code) => code.trim());

    /** Everything the page offers to keep the codes, checked against the codes on screen. */
    const keepCodes = async (): Promise<string[]> => {
      const codes = await shownCodes();
      expect(codes).toHaveLength(10);
      const done = page.getByRole('button', { name: 'Continue to Account Security' });
      // Continue is off, and says why, until "I have saved them" is ticked.
      await expect.poll(() => done.isDisabled()).toBe(true);
      expect(await page.locator('#saved-why').isVisible()).toBe(true);
      expect(await page.locator('#saved-why').textContent()).toMatch(/Tick “I have saved them” to continue/);

      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByText('Copied 10 codes.').waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(`${codes.join('\n')}\n`);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Save as text file' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^twofold-recovery-codes-alice-Twofold-127.0.0.1-port-\d+-?\.txt$/,
      );
      const text = await readFile(await download.path(), 'utf8');
      expect(text).toMatch(/^Twofold recovery codes for alice on Twofold \(127\.0\.0\.1, port \d+\)\n/);
      expect(text).toMatch(/\nGenerated: \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
      expect(text).toContain('Each code signs you in once');
      expect(text.trimEnd().split('\n').slice(-10)).toEqual(codes);

      await page.getByRole('button', { name: 'Print' }).click();
      expect(await page.evaluate<number>('window.printed')).toBe(1);

      // Continue cannot be pressed, and leaving by another link asks first (and stays).
      await done.click({ force: true });
      const here = page.url();
      const before = dialogs.length;
      await page.getByRole('link', { name: 'Twofold' }).click();
      await expect.poll(() => dialogs.length).toBe(before + 1);
      expect(dialogs.at(-1)).toBe('beforeunload');
      expect(page.url()).toBe(here);
      expect(await shownCodes()).toEqual(codes);

      await page.getByLabel('I have saved them').check();
      expect(await done.isEnabled()).toBe(true);
      expect(await page.locator('#saved-why').isVisible()).toBe(false);
      await done.click();
      await page.waitForURL(/\/account\/security\?saved=1$/);
      expect(pageErrors).toEqual([]);
      return codes;
    };

    const logIn = async (code: string) => {
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel('Login').fill('alice');
      await page.getByLabel('Password').fill('alice password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByLabel('Authentication code').fill(code);
      await page.getByRole('button', { name: 'Log in' }).click();
    };

    it('offers Copy, Save as text file and Print, and holds the page until "I have saved them"', async () => {
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel('Login').fill('alice');
      await page.getByLabel('Password').fill('alice password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/account$/);
      await page.goto(`${server.baseUrl}/account/security`);
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await page.getByLabel('Password').fill('alice password');
      await page.getByRole('button', { name: 'Confirm password' }).click();
      await page.waitForURL(/\/account\/security\/setup$/);
      source = CodeSource.of(((await page.locator('#secret').textContent()) ?? '').replace(/ /g, ''));
      await page.getByLabel('Verification Code').fill(await source.next());
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await page.getByText('your account is now protected by two-factor authentication').waitFor();
      await snap(page, '05-server-recovery-codes');
      expect(await axeViolations(page)).toEqual([]);
      enabledCodes = await keepCodes();
    });

    it('makes new codes after the password (asked up front); the old ones stop working', async () => {
      await page.goto(`${server.baseUrl}/account/security`);
      const old = enabledCodes;
      expect(old).toHaveLength(10);

      // The password field is there before any failure; a wrong one changes nothing.
      const password = page.getByLabel('Password for new recovery codes');
      await password.fill('not alice password');
      await page.getByRole('button', { name: 'Generate new recovery codes' }).click();
      await page.getByText('Wrong password. Your recovery codes were not changed.').waitFor();
      await page.getByLabel('Password for new recovery codes').fill('alice password');
      await page.getByRole('button', { name: 'Generate new recovery codes' }).click();
      await page.getByRole('heading', { name: 'New recovery codes' }).waitFor();
      await page.getByText('The old ones no longer work.').waitFor();
      await snap(page, '05-server-new-recovery-codes');
      const fresh = await keepCodes();
      expect(fresh.filter((code) => old.includes(code))).toEqual([]);

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/login$/);
      await logIn(old[0]!);
      await page.getByText("Wrong code — check your authenticator's clock").waitFor();
      await logIn(fresh[0]!);
      await page.waitForURL(/\/account\?notice=recovery$/);
    });
  },
);
