import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import {
  oathtoolCodes,
  openAddSheet,
  openApp,
  otpauth,
  row,
  shownCode,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui paste and settings', chromiumUnavailable());

/** Fires a paste with this content at the focused element, as Ctrl+V would. */
function pasteScript(data: { text?: string; pngBase64?: string }): string {
  return `(() => {
    const dt = new DataTransfer();
    const data = ${JSON.stringify(data)};
    if (data.text) dt.setData('text/plain', data.text);
    if (data.pngBase64) {
      const bytes = Uint8Array.from(atob(data.pngBase64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    }
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  })()`;
}

describe.skipIf(skip)('Paste into the Add sheet, and Settings', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  }, 240_000);

  afterAll(() => app?.close());

  it('takes a pasted link to "Paste link", ready to add', async () => {
    const secret = 'OBQXG5DFMRWGS3TLOBQXG5DF';
    const sheet = await openAddSheet(app.page);
    await app.page.evaluate(pasteScript({ text: otpauth('pasted.example', 'kim', secret) }));
    await expect
      .poll(() => sheet.getByRole('button', { name: 'Paste link' }).getAttribute('aria-pressed'))
      .toBe('true');
    await sheet.locator('.preview').getByText('pasted.example').waitFor();
    await sheet.getByRole('button', { name: 'Add account' }).click();
    await sheet.waitFor({ state: 'detached' });
    // Read first: oathtool's codes are for now and the step before, never for a step still to come.
    const code = await shownCode(row(app.page, 'kim'));
    expect(oathtoolCodes(secret)).toContain(code);
  });

  it('scans a pasted image', async () => {
    const secret = 'NFWWC3TFOBQXG5DFMRUW2YLH';
    const png = join(app.scratch, 'pasted.png');
    execFileSync('qrencode', ['-o', png, '-s', '6', otpauth('image-paste.example', 'lee', secret)]);
    const sheet = await openAddSheet(app.page);
    await app.page.evaluate(pasteScript({ pngBase64: readFileSync(png).toString('base64') }));
    await sheet.getByRole('checkbox', { name: /image-paste\.example — lee/ }).waitFor();
    await sheet.getByRole('button', { name: 'Add 1 account' }).click();
    await sheet.waitFor({ state: 'detached' });
    const code = await shownCode(row(app.page, 'lee'));
    expect(oathtoolCodes(secret)).toContain(code);
  });

  it('keeps the close-to-tray choice, and sets and removes a vault password', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText(/Twofold follows your system.s light or dark theme/).waitFor();
    const tray = page.getByRole('checkbox', {
      name: 'Keep Twofold in the tray when the window is closed',
      exact: true,
    });
    // Enabled once the settings have come from the host: give it the page's 10 s, not expect.poll's 1 s.
    await expect.poll(() => tray.isEnabled(), { timeout: 10_000 }).toBe(true);
    const before = await tray.isChecked();
    await tray.click();
    // Saved in main only when the write is done; a reload before that would read the old choice.
    await page.getByRole('status').getByText('Settings saved').waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    // Read once the settings are back (enabled): before that the box shows unchecked whatever was saved.
    await expect.poll(() => tray.isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect(tray.isChecked()).resolves.toBe(!before);

    await page.getByText('No vault password is set.').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByText('Use at least 8 characters.').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Repeat the password', { exact: true }).fill('correct horse');
    await page.getByText('The two passwords are not the same.').waitFor();
    await expect(page.getByRole('button', { name: 'Set password' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Repeat the password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('A vault password is set.').waitFor();
    await page.getByRole('button', { name: 'Remove password' }).click();
    await page.getByText('No vault password is set.').waitFor();
  });

  it('clears copied codes after the delay chosen in Settings, which survives a reload', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const delay = page.getByLabel('Clear a copied code after', { exact: true });
    await expect.poll(() => delay.isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect(delay.inputValue()).resolves.toBe('30');
    await delay.selectOption('10');
    await page.getByRole('status').getByText('Settings saved').waitFor();

    await page.getByRole('button', { name: 'Codes' }).click();
    await row(page, 'lee').locator('.account-row__main').click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toMatch(/^Copied — clears in (10|9) s/);

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => delay.isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect(delay.inputValue()).resolves.toBe('10');
    const saved = JSON.parse(readFileSync(join(app.host.home, 'settings.json'), 'utf8')) as {
      clipboardClearSeconds: number;
    };
    expect(saved.clipboardClearSeconds).toBe(10);
  });
});
