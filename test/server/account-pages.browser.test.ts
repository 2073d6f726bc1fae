// Issue 12, item 13: the account pages' tabs look like tabs and mark the current one; dates are local.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { snap } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { skipReason } from '../support/skip';
import { CodeSource } from './helpers/codes';

// Far from UTC and not a whole hour off, so a UTC date cannot pass for a local one.
const TIME_ZONE = 'Asia/Kolkata';

describe.skipIf(skipReason('account pages in Chromium', chromiumUnavailable()))(
  'the account pages in a browser',
  () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(), launchChromium()]);
      await server.addUser({
        login: 'alice',
        name: 'Alice Example',
        role: 'user',
        password: 'alice password',
      });
      page = await (await browser.newContext({ timezoneId: TIME_ZONE, locale: 'en-US' })).newPage();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const tabs = (): Promise<{ label: string; current: boolean; border: string; weight: string }[]> =>
      page.locator('nav[aria-label="Account"] a').evaluateAll((links) =>
        links.map((a) => {
          const style = a.ownerDocument.defaultView?.getComputedStyle(a);
          return {
            label: a.textContent ?? '',
            current: a.getAttribute('aria-current') === 'page',
            border: `${style?.borderBottomWidth} ${style?.borderBottomColor}`,
            weight: style?.fontWeight ?? '',
          };
        }),
      );

    it('marks the current tab and draws it as the open one, on both pages', async () => {
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel('Login').fill('alice');
      await page.getByLabel('Password').fill('alice password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/account$/);
      await snap(page, '13-profile-tabs');
      for (const [url, current] of [
        ['/account', 'Profile'],
        ['/account/security', 'Account Security'],
      ] as const) {
        await page.goto(`${server.baseUrl}${url}`);
        const shown = await tabs();
        expect(shown.map((t) => t.label)).toEqual(['Profile', 'Account Security']);
        const [here, other] = [shown.find((t) => t.current), shown.find((t) => !t.current)];
        expect(here?.label).toBe(current);
        // The current tab looks different from the other: a coloured bottom edge and bold text.
        expect(here?.border).not.toBe(other?.border);
        expect(here?.border).toMatch(/^3px/);
        expect(Number(here?.weight)).toBeGreaterThan(Number(other?.weight));
      }
    });

    it("shows dates in the browser's time zone", async () => {
      await page.goto(`${server.baseUrl}/account/security`);
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await page.getByLabel('Password').fill('alice password');
      await page.getByRole('button', { name: 'Confirm password' }).click();
      await page.waitForURL(/\/account\/security\/setup$/);
      const secret = ((await page.locator('#secret').textContent()) ?? '').replace(/ /g, '');
      await page.getByLabel('Verification Code').fill(await CodeSource.of(secret).next());
      await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await page.getByText('your account is now protected by two-factor authentication').waitFor();
      await page.goto(`${server.baseUrl}/account/security`);
      const since = page.locator('time').first();
      const iso = (await since.getAttribute('datetime')) ?? '';
      const expected = new Date(iso).toLocaleString('en-US', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
        timeZone: TIME_ZONE,
      });
      await expect.poll(() => since.textContent()).toBe(expected);
      await snap(page, '13-security-local-date');
      expect(expected).toMatch(/GMT\+5:30/);
    });
  },
);
