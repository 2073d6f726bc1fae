// Issue 12, item 5 (console): My account's recovery codes can be kept (Copy, Save as text file, Print),
// stay on screen until "I have saved them", and "Generate new recovery codes" replaces them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, readClipboard, snap, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { ApiClient } from '../server/helpers/api-client';
import { eventually, helpdesk } from './support/console-page';

const noKeychain = keychainUnavailable();

const ROOT_PASSWORD = 'root-password-1234';

describe.skipIf(skipReason('My account recovery codes in Chromium', chromiumUnavailable() ?? noKeychain))(
  "My account's recovery codes in the console",
  { timeout: 240_000 },
  () => {
    let server: RunningServer;
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: ROOT_PASSWORD });
      app = await openApp();
    }, 240_000);
    afterAll(async () => {
      await app?.close();
      await server?.stop();
    });

    const shownCodes = async (): Promise<string[]> =>
      (
        await app.page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()
      ).map((code) => code.trim());

    /** Copy, Save and Print against the codes on screen; Done only after "I have saved them". */
    const keepCodes = async (): Promise<string[]> => {
      const { page, host } = app;
      const codes = await shownCodes();
      expect(codes).toHaveLength(10);
      const done = page.getByRole('button', { name: 'Done' });
      expect(await done.isDisabled()).toBe(true);
      await page.getByText('Tick “I have saved them” to finish').waitFor();

      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByText(/^Copied 10 codes — the clipboard clears in \d+ s\.$/).waitFor();
      expect(await readClipboard(host)).toBe(`${codes.join('\n')}\n`);

      await page.getByRole('button', { name: 'Save as text file' }).click();
      await page.getByText(/^Saved to .+ \(readable by you only\)\.$/).waitFor();
      const port = new URL(server.baseUrl).port;
      // Saved twice in this test (after enabling, after new codes): the newest replaces the file.
      const saved = (await readdir(join(host.home, 'exports'))).filter((name) =>
        /^twofold-recovery-codes-root-.+\.txt$/.test(name),
      );
      expect(saved).toHaveLength(1);
      const file = join(host.home, 'exports', saved[0]!);
      const text = await readFile(file, 'utf8');
      // Which account on which server: the profile's name and its address.
      expect(text.split('\n')[0]).toMatch(
        /^Twofold recovery codes for root on .+ \(http:\/\/127\.0\.0\.1:\d+\)$/,
      );
      expect(text.split('\n')[0]).toContain(`:${port})`);
      expect(text).toMatch(/\nGenerated: \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
      expect(text).toContain('Each code signs you in once');
      expect(text.trimEnd().split('\n').slice(-10)).toEqual(codes);
      if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

      await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; };');
      await page.getByRole('button', { name: 'Print' }).click();
      expect(await page.evaluate<number>('window.printed')).toBe(1);

      // Leaving for another tab (asked first: they are not saved yet) and coming back: the codes are still there.
      const hd = helpdesk(page);
      await hd.tab('Users').click();
      const question = page.getByRole('dialog', { name: 'Leave without saving the recovery codes?' });
      await question.getByRole('button', { name: 'Leave anyway' }).click();
      await hd.users.waitFor();
      await hd.tab('My account').click();
      await eventually(shownCodes, (shown) => shown.join() === codes.join());
      expect(await done.isDisabled()).toBe(true);

      await page.getByLabel('I have saved them').check();
      expect(await done.isEnabled()).toBe(true);
      expect(await page.getByText('Tick “I have saved them” to finish').count()).toBe(0);
      await done.click();
      await page.getByText(/Two-factor authentication is on for root/).waitFor();
      // Saved: they do not come back.
      await hd.tab('Users').click();
      await hd.tab('My account').click();
      await page.getByText(/Two-factor authentication is on for root/).waitFor();
      expect(await page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);
      return codes;
    };

    it('enrolls, then keeps the codes: Copy, Save (owner-only), Print, and Done only once saved', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.open();
      await hd.signInWith(server.baseUrl, 'root', ROOT_PASSWORD);
      await hd.tab('My account').click();
      await page.getByLabel('Your password').fill(ROOT_PASSWORD);
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').first().waitFor();
      await snap(page, '05-console-recovery-codes');
      const first = await keepCodes();

      // New codes: the old ones stop working at sign-in, the new ones work.
      await page.getByRole('button', { name: 'Generate new recovery codes' }).click();
      await page.getByRole('heading', { name: 'New recovery codes for root' }).waitFor();
      await snap(page, '05-console-new-recovery-codes');
      const fresh = await keepCodes();
      expect(fresh.filter((code) => first.includes(code))).toEqual([]);
      const withOld = await new ApiClient(server.baseUrl).signIn('root', ROOT_PASSWORD, first[1]!);
      expect(withOld.status).toBe(401);
      const withNew = await new ApiClient(server.baseUrl).signIn('root', ROOT_PASSWORD, fresh[1]!);
      expect(withNew.status).toBe(201);
    });
  },
);
