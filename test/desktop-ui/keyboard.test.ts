import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import {
  ensureRendererBuilt,
  oathtoolCodes,
  openApp,
  otpauth,
  readClipboard,
  row,
  shownCode,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui keyboard only', chromiumUnavailable());

/** What has focus, as a person would name it. */
// Browser-side scripts are strings: this project is type-checked without the DOM library.
const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const labelledBy = el.getAttribute('aria-labelledby');
  const label =
    el.getAttribute('aria-label') ??
    (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
    (el.id ? document.querySelector('label[for="' + CSS.escape(el.id) + '"]')?.textContent : null) ??
    el.textContent ??
    '';
  return label.trim();
})()`;

function focused(page: Page): Promise<string> {
  return page.evaluate<string>(FOCUSED_NAME);
}

/** Presses Tab (only Tab) until the focused control's name matches, failing after 40 presses. */
async function tabTo(page: Page, name: RegExp | string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (typeof name === 'string' ? now === name : name.test(now)) return;
  }
  throw new Error(`Tab never reached "${String(name)}"`);
}

function insideDialog(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(`document.activeElement?.closest('dialog[open]') != null`);
}

describe.skipIf(skip)('Keyboard-only use', () => {
  let app: AppSession;
  const secret = 'KRSXG5CTMVRXEZLUKRSXG5CT';

  beforeAll(async () => {
    await ensureRendererBuilt();
    app = await openApp();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('adds an account, copies its code and changes views with Tab, Enter and Escape only', async () => {
    const { page } = app;
    await tabTo(page, 'Add');
    await page.keyboard.press('Enter');
    await expect(insideDialog(page)).resolves.toBe(true);

    await tabTo(page, 'Paste link');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Link');
    await page.keyboard.type(otpauth('keys.example', 'erin@example.com', secret));
    await tabTo(page, 'Add account');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await tabTo(page, /^Kkeys\.example/);
    const code = await shownCode(row(page, 'erin@example.com'));
    await page.keyboard.press('Enter');
    // The toast comes after a round trip to the host: give it the page's 10 s, not expect.poll's 1 s.
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toMatch(/^Copied — clears in \d+ s/);
    // The shown code, or the next one if the step changed between reading and pressing Enter.
    const copied = await readClipboard(app.host);
    expect(oathtoolCodes(secret)).toContain(copied);
    expect([code, ...oathtoolCodes(secret)]).toContain(copied);

    await tabTo(page, 'Edit keys.example (erin@example.com)');
    await page.keyboard.press('Enter');
    await expect(insideDialog(page)).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
    // Focus returns to the control that opened the dialog.
    await expect(focused(page)).resolves.toBe('Edit keys.example (erin@example.com)');

    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 10 && (await focused(page)) !== 'Settings'; i++)
      await page.keyboard.press('Shift+Tab');
    await expect(focused(page)).resolves.toBe('Settings');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  });

  it('keeps focus inside an open dialog', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Codes' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Add', exact: true }).focus();
    await page.keyboard.press('Enter');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      // Native modal dialogs make the page behind inert: focus is in the dialog or, past its end, nowhere on the page.
      const where = await page.evaluate<string>(
        `document.activeElement === document.body ? 'none' : document.activeElement?.closest('dialog[open]') ? 'dialog' : 'page'`,
      );
      expect(where).not.toBe('page');
    }
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
  });
});
