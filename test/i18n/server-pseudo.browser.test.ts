// Issue 22, item 5: the account server's pages in the pseudo-locale (a development server offers
// it with TWOFOLD_PSEUDO_LOCALE=1): every visible text and label comes from the catalogue, and no
// control is clipped, on the login page (and its refusal), Account Security with 2FA off and on,
// the password re-check, the setup page with its QR code and secret, the recovery codes and the
// two-step page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { startServer, type RunningServer } from '../support/server-process';
import { skipReason } from '../support/skip';
import { CodeSource } from '../server/helpers/codes';
import { clippedControls, rawStrings, shownTexts } from './support/page-text';

describe.skipIf(skipReason('server pages in the pseudo-locale (Chromium)', chromiumUnavailable()))(
  'the account server in the pseudo-locale',
  { timeout: 180_000 },
  () => {
    let server: RunningServer;
    let close: () => Promise<void>;
    let page: Page;

    beforeAll(async () => {
      const [started, browser] = await Promise.all([
        startServer({ env: { TWOFOLD_PSEUDO_LOCALE: '1' } }),
        launchChromium(),
      ]);
      server = started;
      close = () => browser.close();
      await server.addUser({ login: 'zoe', name: 'Zoe', role: 'user', password: 'zoe password 1' });
      page = await (await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'en-XA' } })).newPage();
    }, 120_000);
    afterAll(async () => {
      await close?.();
      await server?.stop();
    });

    it('shows only catalogue text, unclipped, on every page of the seed story', async () => {
      const raw: string[] = [];
      const clipped: string[] = [];
      const check = async (where: string): Promise<void> => {
        expect(await page.locator('html').getAttribute('lang'), where).toBe('en-XA');
        raw.push(...rawStrings(await shownTexts(page)).map((r) => `${where}: ${r}`));
        clipped.push(...(await clippedControls(page)).map((c) => `${where}: ${c}`));
      };
      const logIn = async (password: string): Promise<void> => {
        await page.locator('#login').fill('zoe');
        await page.locator('#password').fill(password);
        await page.locator('form[action="/login"] button[type="submit"]').click();
      };

      await page.goto(`${server.baseUrl}/login`);
      await check('login');
      await logIn('not the password');
      await page.locator('#login').waitFor();
      await check('login refused');
      await logIn('zoe password 1');
      await page.waitForURL(/\/account$/);
      await check('account');

      await page.goto(`${server.baseUrl}/account/security`);
      await check('Account Security, 2FA off');
      await page.locator('form[action="/account/security/enable"] button[type="submit"]').click();
      await page.locator('form[action="/account/security/identity"]').waitFor();
      await check('password re-check');
      await page.locator('form[action="/account/security/identity"] #password').fill('zoe password 1');
      await page.locator('form[action="/account/security/identity"] button[type="submit"]').click();
      await page.waitForURL(/\/account\/security\/setup$/);
      await check('setup');
      const secret = ((await page.locator('#secret').textContent()) ?? '').replace(/ /g, '');
      const codes = CodeSource.of(secret);
      await page.locator('#code').fill(await codes.next());
      await page.locator('form[action="/account/security/setup"] button[type="submit"]').click();
      await page.locator('#recovery-codes').waitFor();
      await check('recovery codes');
      await page.goto(`${server.baseUrl}/account/security`);
      await check('Account Security, 2FA on');

      await page.locator('form[action="/logout"] button').first().click();
      await page.goto(`${server.baseUrl}/login`);
      await logIn('zoe password 1');
      await page.waitForURL(/\/login\/2fa$/);
      await check('two-step');
      expect(raw).toEqual([]);
      expect(clipped).toEqual([]);
    });
  },
);
