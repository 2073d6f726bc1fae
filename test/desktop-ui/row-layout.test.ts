import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import {
  ensureRendererBuilt,
  hostFetch,
  openApp,
  row,
  shownCode,
  snap,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

/** Where the code's text starts, in page pixels. */
function codeTextX(rowLocator: Locator): Promise<number> {
  return rowLocator.locator('.account-row__code').evaluate((el) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect().left;
  });
}

describe.skipIf(skipReason('row layout in Chromium', chromiumUnavailable()))(
  'the Codes rows: one code column, and a toast that hides no code (issue 20, item 12)',
  () => {
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      // More rows than the window shows, so the last one sits at the bottom edge once scrolled to.
      app = await openApp({ seed: 30, context: { viewport: { width: 1000, height: 700 } } });
      // A HOTP row, then a TOTP row last (the one the toast could cover).
      for (const input of [
        { type: 'hotp', issuer: 'counter.example', account: 'hank', secret: 'MZXW6YTBOI2DEMZUGQ3TKNRX' },
        { issuer: 'last.example', account: 'zoe', secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' },
      ]) {
        const response = await hostFetch(app.host, '/ipc/entries.add', {
          method: 'POST',
          body: JSON.stringify({ input }),
        });
        expect(((await response.json()) as { ok: boolean }).ok, input.account).toBe(true);
      }
      await row(app.page, 'user0@example.com').waitFor();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
    });

    it('starts HOTP and TOTP codes at the same x', async () => {
      const { page } = app;
      await page.locator('.account-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      const hotp = row(page, 'hank');
      const totp = row(page, 'zoe');
      await hotp.getByRole('button', { name: 'Next code for counter.example (hank)' }).click();
      await shownCode(hotp);
      await shownCode(totp);
      const [hotpX, totpX] = [await codeTextX(hotp), await codeTextX(totp)];
      await snap(page, '20-hotp-column');
      expect(Math.abs(hotpX - totpX), `HOTP at ${hotpX}, TOTP at ${totpX}`).toBeLessThanOrEqual(1);
    });

    it("after copying the last row, the toast does not cover that row's code", async () => {
      const { page } = app;
      const list = page.locator('.account-list');
      await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      const last = page.locator('.account-row').last();
      await expect.poll(() => last.locator('.account-row__login').textContent()).toBe('zoe');
      await last.locator('.account-row__main').click();
      const toast = page.locator('.toast');
      await toast.waitFor();
      // Any scrolling the toast causes is done in the same frame; both boxes are read in one go.
      await expect
        .poll(
          () =>
            list.evaluate((el) => {
              const rows = el.querySelectorAll('.account-row');
              const code = rows[rows.length - 1]
                ?.querySelector('.account-row__code')
                ?.getBoundingClientRect();
              const shown = el.ownerDocument.querySelector('.toast')?.getBoundingClientRect();
              if (!code || !shown) return 'no toast';
              const apart =
                code.bottom <= shown.top ||
                shown.bottom <= code.top ||
                code.right <= shown.left ||
                shown.right <= code.left;
              return apart ? 'apart' : `overlap: code ${JSON.stringify(code)} toast ${JSON.stringify(shown)}`;
            }),
          { timeout: 3_000 },
        )
        .toBe('apart');
      // The row stays in view, above the toast.
      const code = await last.locator('.account-row__code').boundingBox();
      const listBox = await list.boundingBox();
      expect(code && listBox && code.y + code.height <= listBox.y + listBox.height).toBe(true);
      await snap(page, '20-toast-last-row');
    });
  },
);
