// Issue 20, items 3, 6, 10 and 11 in Chromium through the test host.
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, hostFetch, openApp, otpauth, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui lock and layout', chromiumUnavailable());
const PASSWORD = 'correct horse battery';
const WAIT = { timeout: 15_000 };

let app: AppSession | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.skipIf(skip)('Layout in the last five seconds of a period', () => {
  for (const [width, height] of [
    [1100, 720],
    [760, 600],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`keeps the page still at ${width}×${height}, ${colorScheme}`, async () => {
        await ensureRendererBuilt();
        app = await openApp({ seed: 40, context: { viewport: { width, height }, colorScheme } });
        const { page } = app;
        // The window's clock at second 24 of a period, then two seconds on (the next codes show from 25).
        const start = (Math.floor(Date.now() / 30_000) + 2) * 30_000 + 24_000;
        await page.clock.install({ time: start - 10_000 });
        await page.reload();
        await page.clock.pauseAt(start);
        await page.locator('.account-row__code:not([data-code=""])').first().waitFor(WAIT);
        const measure = () =>
          page.locator('html').evaluate((html) => ({
            scrollHeight: html.scrollHeight,
            viewport: html.ownerDocument.defaultView?.innerHeight ?? -1,
            // Rows come and go with the list's window: compare the x of each row's code by entry.
            xs: Object.fromEntries(
              [...html.querySelectorAll('.account-row')].map((row) => [
                row.getAttribute('data-entry-id'),
                Math.round(row.querySelector('.account-row__code')?.getBoundingClientRect().x ?? -1),
              ]),
            ),
          }));
        const before = await measure();
        expect(before.scrollHeight).toBe(before.viewport);
        await page.clock.runFor(2_000);
        await page.locator('.account-row__next').first().waitFor(WAIT);
        const after = await measure();
        expect(after.scrollHeight).toBe(after.viewport);
        for (const [id, x] of Object.entries(before.xs)) if (id in after.xs) expect(after.xs[id]).toBe(x);
      }, 120_000);
    }
  }
});

describe.skipIf(skip)('Locking the codes', () => {
  it('Lock and Ctrl+L show the Unlock page; a wrong password is selected; a link opened while locked waits', async () => {
    await ensureRendererBuilt();
    app = await openApp({ password: PASSWORD, seed: 2 });
    const { page, host } = app;
    await page.getByRole('button', { name: 'Lock', exact: true }).click(WAIT);
    await page.getByRole('heading', { name: 'Unlock your accounts' }).waitFor(WAIT);
    expect(await page.locator('.account-row').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add', exact: true }).count()).toBe(0);
    const field = page.getByLabel('Vault password', { exact: true });
    await expect.poll(() => field.evaluate((el) => el === el.ownerDocument.activeElement), WAIT).toBe(true);

    // A link opened while locked is not offered now, nor lost.
    await hostFetch(host, '/test/open-link', {
      method: 'POST',
      body: JSON.stringify({ uri: otpauth('waiting.example', 'wendy', 'JBSWY3DPEHPK3PXP') }),
    });
    await field.fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Wrong password. Try again.').waitFor(WAIT);
    expect(await page.locator('main').textContent()).not.toContain(host.home);
    await expect
      .poll(
        () =>
          field.evaluate(
            (el) =>
              el === el.ownerDocument.activeElement &&
              'selectionStart' in el &&
              'value' in el &&
              typeof el.value === 'string' &&
              el.selectionStart === 0 &&
              el.selectionEnd === el.value.length,
          ),
        WAIT,
      )
      .toBe(true);
    expect(await page.getByRole('dialog', { name: 'Add an account' }).count()).toBe(0);
    await field.fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const sheet = page.getByRole('dialog', { name: 'Add an account' });
    await sheet.waitFor(WAIT);
    expect(await sheet.textContent()).toContain('waiting.example');
    await sheet
      .getByRole('button', { name: /Cancel|Close/ })
      .first()
      .click();

    await page.locator('.account-row').first().waitFor(WAIT);
    await page.keyboard.press('Control+L');
    await page.getByRole('heading', { name: 'Unlock your accounts' }).waitFor(WAIT);
    expect(host.services.vaults.status().state).toBe('locked');
  }, 120_000);
});
