// Right to left (issue 22, item 4): with dir="rtl" on <html> the layout mirrors through the style
// sheets' logical properties, while a code still reads left to right with its groups in order.
// The direction is set on the page directly, so this checks the CSS whatever the catalogue holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import {
  ensureRendererBuilt,
  openApp,
  row,
  shownCodeAndText,
  snap,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

/** Where an element's text is drawn (not its box). */
function textBox(locator: Locator): Promise<{ left: number; right: number }> {
  return locator.evaluate((el) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    const { left, right } = range.getBoundingClientRect();
    return { left, right };
  });
}

function box(locator: Locator): Promise<{ left: number; right: number }> {
  return locator.evaluate((el) => {
    const { left, right } = el.getBoundingClientRect();
    return { left, right };
  });
}

/** Where each digit of the row's code is drawn, left to right on screen, as [digit, x]. */
function digitsOnScreen(rowLocator: Locator): Promise<[string, number][]> {
  return rowLocator.locator('.account-row__code').evaluate((el) => {
    const found: [string, number][] = [];
    const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let at = 0; at < text.length; at++) {
        if (!/\d/.test(text[at] ?? '')) continue;
        const range = el.ownerDocument.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        found.push([text[at] ?? '', range.getBoundingClientRect().left]);
      }
    }
    return found.sort((a, b) => a[1] - b[1]);
  });
}

async function setDirection(page: Page, dir: 'ltr' | 'rtl'): Promise<void> {
  await page.locator('html').evaluate((html, value) => html.setAttribute('dir', value), dir);
}

describe.skipIf(skipReason('right-to-left layout in Chromium', chromiumUnavailable()))(
  'dir="rtl" mirrors the Codes view, and codes stay left to right (issue 22, item 4)',
  () => {
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      app = await openApp({ seed: 3, context: { viewport: { width: 1100, height: 720 } } });
      await row(app.page, 'user0@example.com').waitFor();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
    });

    it('puts the rail on the right and the names right of the code', async () => {
      const { page } = app;
      const first = row(page, 'user0@example.com');
      await shownCodeAndText(first);
      const ltrRail = await box(page.locator('.rail'));
      expect(ltrRail.left).toBeLessThanOrEqual(1);
      await setDirection(page, 'rtl');
      await snap(page, '22-rtl-codes-1100');
      const rail = await box(page.locator('.rail'));
      const width = page.viewportSize()?.width ?? 1100;
      expect(rail.right, 'the rail ends at the right edge').toBeGreaterThanOrEqual(width - 1);
      const names = await box(first.locator('.account-row__names'));
      const code = await box(first.locator('.account-row__code'));
      expect(names.left, 'names start right of the code').toBeGreaterThan(code.right);
      // The login (left to right itself) lines up under the issuer, on the row's start side.
      const issuer = await textBox(first.locator('.account-row__issuer'));
      const login = await textBox(first.locator('.account-row__login'));
      expect(
        Math.abs(issuer.right - login.right),
        `issuer ends at ${issuer.right}, login at ${login.right}`,
      ).toBeLessThanOrEqual(1);
      await setDirection(page, 'ltr');
    });

    it('draws the code left to right with its groups in order', async () => {
      const { page } = app;
      await setDirection(page, 'rtl');
      const first = row(page, 'user0@example.com');
      // Read the code and where its digits are in one frame's worth: a step change would move both.
      await expect
        .poll(async () => {
          const { code } = await shownCodeAndText(first);
          const onScreen = (await digitsOnScreen(first)).map(([digit]) => digit).join('');
          return onScreen === code ? 'in order' : `${code} drawn as ${onScreen}`;
        })
        .toBe('in order');
      await setDirection(page, 'ltr');
    });

    it('keeps the toast centred', async () => {
      const { page } = app;
      await setDirection(page, 'rtl');
      await row(page, 'user0@example.com').locator('.account-row__main').click();
      const toast = await box(page.locator('.toast-region'));
      const width = page.viewportSize()?.width ?? 1100;
      expect(Math.abs((toast.left + toast.right) / 2 - width / 2)).toBeLessThanOrEqual(1);
      await setDirection(page, 'ltr');
    });
  },
);
