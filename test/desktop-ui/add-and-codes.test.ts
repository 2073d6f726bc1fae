import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import {
  addByLink,
  hostFetch,
  oathtoolCodes,
  openAddSheet,
  openApp,
  otpauth,
  readClipboard,
  row,
  shownCode,
  shownCodeAndText,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui add and codes', chromiumUnavailable());

describe.skipIf(skip)('Codes view through the test host', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  }, 240_000);

  afterAll(() => app?.close());

  it('shows the three first steps when there are no accounts', async () => {
    const empty = app.page.getByRole('region', { name: 'No accounts yet' });
    await expect(empty.getByRole('listitem').count()).resolves.toBe(3);
    await empty.getByRole('button', { name: 'Add an account' }).waitFor();
  });

  it('adds an account from a pasted link, and its code equals oathtool', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DP';
    await addByLink(app.page, otpauth('link.example', 'alice@example.com', secret));
    const added = row(app.page, 'alice@example.com');
    await expect.poll(() => added.locator('.account-row__issuer').textContent()).toBe('link.example');
    const { code, text } = await shownCodeAndText(added);
    expect(code).toMatch(/^\d{6}$/);
    expect(oathtoolCodes(secret)).toContain(code);
    // Grouped for reading: "123 456".
    expect(text).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
  });

  it('adds an account from a QR image file', async () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBV';
    const png = join(app.scratch, 'qr.png');
    execFileSync('qrencode', ['-o', png, '-s', '6', otpauth('image.example', 'bob@example.com', secret)]);
    const sheet = await openAddSheet(app.page);
    await sheet.getByRole('button', { name: 'Image file' }).click();
    await sheet.getByLabel('Choose an image file').setInputFiles(png);
    await sheet.getByRole('checkbox', { name: /image\.example — bob@example\.com/ }).waitFor();
    await sheet.getByRole('button', { name: 'Add 1 account' }).click();
    await sheet.waitFor({ state: 'detached' });
    const code = await shownCode(row(app.page, 'bob@example.com'));
    expect(oathtoolCodes(secret)).toContain(code);
  });

  it('explains each manual-entry error in words as you type, then adds', async () => {
    const sheet = await openAddSheet(app.page);
    await sheet.getByRole('button', { name: 'Enter manually' }).click();
    const secretField = sheet.getByLabel('Secret', { exact: true });
    await secretField.fill('JBSWY3DP1');
    await sheet.getByText(/character that base32 does not use.*"1"/).waitFor();
    await expect(secretField.getAttribute('aria-invalid')).resolves.toBe('true');
    await secretField.fill('JBSWY3DPE');
    await sheet.getByText(/wrong length for base32/).waitFor();
    await secretField.fill('');
    await sheet.getByText(/Enter the secret/).waitFor();

    await sheet.getByText('Advanced: type, algorithm, digits, period').click();
    await sheet.getByLabel('Digits', { exact: true }).fill('12');
    await sheet.getByText('Digits must be a whole number from 5 to 10.').waitFor();
    await sheet.getByLabel('Digits', { exact: true }).fill('8');
    await sheet.getByLabel('Period (seconds)').fill('0');
    await sheet.getByText(/period must be a whole number of seconds/).waitFor();
    await sheet.getByLabel('Period (seconds)').fill('30');

    // Nothing named: the login error shows on submit.
    await secretField.fill('jbsw y3dp ehpk 3pxp');
    await sheet.getByRole('button', { name: 'Add account' }).click();
    await sheet.getByText(/Enter the issuer or the login/).waitFor();

    await sheet.getByLabel('Issuer', { exact: true }).fill('manual.example');
    await sheet.getByLabel('Login', { exact: true }).fill('carol');
    await sheet.getByRole('button', { name: 'Add account' }).click();
    await sheet.waitFor({ state: 'detached' });
    const { code, text } = await shownCodeAndText(row(app.page, 'carol'));
    expect(code).toMatch(/^\d{8}$/);
    expect(oathtoolCodes('JBSWY3DPEHPK3PXP', 8)).toContain(code);
    expect(text).toBe(`${code.slice(0, 4)} ${code.slice(4)}`);
  });

  it('says a Google Authenticator export is to be imported, not added', async () => {
    const sheet = await openAddSheet(app.page);
    await sheet.getByRole('button', { name: 'Paste link' }).click();
    await sheet
      .getByLabel('Link', { exact: true })
      .fill('otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGGpvaG5AZXhhbXBsZS5jb20');
    await sheet.getByText(/import it to see them all/).waitFor();
    await sheet.getByRole('button', { name: 'Import these accounts' }).waitFor();
    await expect(sheet.getByRole('button', { name: 'Add account' }).isDisabled()).resolves.toBe(true);
    await app.page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
  });

  it('copies on click and says when the clipboard clears', async () => {
    const target = row(app.page, 'alice@example.com');
    const code = await shownCode(target);
    await target.locator('.account-row__main').click();
    // The toast comes after a round trip to the host: give it the page's 10 s, not expect.poll's 1 s.
    await expect
      .poll(() => app.page.getByRole('status').textContent(), { timeout: 10_000 })
      .toMatch(/^Copied — clears in \d+ s/);
    const copied = await readClipboard(app.host);
    expect(oathtoolCodes('JBSWY3DPEHPK3PXPJBSWY3DP')).toContain(copied);
    expect([code, ...oathtoolCodes('JBSWY3DPEHPK3PXPJBSWY3DP')]).toContain(copied);
  });

  it('opens the sheet ready to confirm when the OS hands Twofold a link', async () => {
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TP';
    await hostFetch(app.host, '/test/open-link', {
      method: 'POST',
      body: JSON.stringify({ uri: otpauth('opened.example', 'dave@example.com', secret) }),
    });
    const sheet = app.page.getByRole('dialog', { name: 'Add an account' });
    await sheet.getByRole('checkbox', { name: /opened\.example — dave@example\.com/ }).waitFor();
    await sheet.getByRole('button', { name: 'Add 1 account' }).click();
    await sheet.waitFor({ state: 'detached' });
    // Read first: oathtool's codes are for now and the step before, never for a step still to come.
    const code = await shownCode(row(app.page, 'dave@example.com'));
    expect(oathtoolCodes(secret)).toContain(code);
  });
});
