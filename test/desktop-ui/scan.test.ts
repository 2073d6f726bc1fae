import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import {
  hostFetch,
  oathtoolCodes,
  openAddSheet,
  openApp,
  otpauth,
  row,
  shownCode,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui scan screen', chromiumUnavailable());

/** A white "screen" with each QR code pasted side by side, as a page might show them. */
function screenWith(dir: string, links: string[]): string {
  const codes = links.map((link, i) => {
    const file = join(dir, `code-${i}.png`);
    execFileSync('qrencode', ['-o', file, '-s', '6', '-m', '4', link]);
    return PNG.sync.read(readFileSync(file));
  });
  const width = codes.reduce((sum, code) => sum + code.width + 40, 40);
  const height = Math.max(...codes.map((code) => code.height)) + 80;
  const screen = new PNG({ width, height });
  screen.data.fill(255);
  let x = 40;
  for (const code of codes) {
    PNG.bitblt(code, screen, 0, 0, code.width, code.height, x, 40);
    x += code.width + 40;
  }
  const path = join(dir, 'screen.png');
  writeFileSync(path, PNG.sync.write(screen));
  return path;
}

describe.skipIf(skip)('Scan screen', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  }, 240_000);

  afterAll(() => app?.close());

  it('lists several codes found on screen with checkboxes, and adds only the chosen ones', async () => {
    const one = 'NBSWY3DPO5XXE3DEEBQWG3DF';
    const two = 'MFZWIZTHNBVGW3DMNZXXA4LS';
    const path = screenWith(app.scratch, [
      otpauth('one.example', 'ivy', one),
      otpauth('two.example', 'jack', two),
    ]);
    await hostFetch(app.host, '/test/screen', { method: 'POST', body: JSON.stringify({ paths: [path] }) });

    const sheet = await openAddSheet(app.page);
    // Scan screen is the first way and the one shown first.
    await expect(
      sheet.getByRole('button', { name: 'Scan screen' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await sheet.getByRole('button', { name: 'Scan now' }).click();
    await sheet.getByRole('group', { name: /Found 2 accounts/ }).waitFor();
    const second = sheet.getByRole('checkbox', { name: /two\.example — jack/ });
    await expect(sheet.getByRole('checkbox', { name: /one\.example — ivy/ }).isChecked()).resolves.toBe(true);
    await second.uncheck();
    await sheet.getByRole('button', { name: 'Add 1 account' }).click();
    await sheet.waitFor({ state: 'detached' });

    // Read first: oathtool's codes are for now and the step before, never for a step still to come.
    const code = await shownCode(row(app.page, 'ivy'));
    expect(oathtoolCodes(one)).toContain(code);
    await expect(row(app.page, 'jack').count()).resolves.toBe(0);
  });

  it('says so in words when the screen has no QR code', async () => {
    const blank = new PNG({ width: 200, height: 120 });
    blank.data.fill(255);
    const path = join(app.scratch, 'blank.png');
    writeFileSync(path, PNG.sync.write(blank));
    await hostFetch(app.host, '/test/screen', { method: 'POST', body: JSON.stringify({ paths: [path] }) });
    const sheet = await openAddSheet(app.page);
    await sheet.getByRole('button', { name: 'Scan now' }).click();
    const notice = sheet.locator('.field__error').first();
    await notice.waitFor();
    await expect.poll(() => notice.textContent()).toMatch(/QR code/i);
    await app.page.keyboard.press('Escape');
  });
});
