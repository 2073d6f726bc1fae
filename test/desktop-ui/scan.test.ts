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
import { migrationLink } from '../import/builders';
import { encodeBase32 } from '../../src/shared/otp';

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

  it('opens the import with a Google Authenticator export found on screen or in an image, and imports it', async () => {
    const { page } = app;
    const kim = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    const lou = Uint8Array.from({ length: 20 }, (_, i) => 200 - i);
    const max = Uint8Array.from({ length: 20 }, (_, i) => (i * 7) % 256);
    const onScreen = screenWith(app.scratch, [
      migrationLink([
        { secret: kim, name: 'kim', issuer: 'move.example' },
        { secret: lou, name: 'lou', issuer: 'move.example', type: 1, counter: 3 },
      ]),
    ]);
    await hostFetch(app.host, '/test/screen', {
      method: 'POST',
      body: JSON.stringify({ paths: [onScreen] }),
    });
    const sheet = await openAddSheet(page);
    await sheet.getByRole('button', { name: 'Scan now' }).click();
    // Not a dead end: the export opens in the import flow, which lists its entries.
    const dialog = page.getByRole('dialog', { name: 'Import accounts' });
    await dialog.getByRole('cell', { name: 'kim', exact: true }).waitFor();
    await dialog.getByRole('cell', { name: 'lou', exact: true }).waitFor();
    // The secrets stayed in main.
    const html = await page.content();
    for (const secret of [kim, lou]) expect(html).not.toContain(encodeBase32(secret));
    await dialog.getByRole('button', { name: 'Import 2 accounts' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(oathtoolCodes(encodeBase32(kim))).toContain(await shownCode(row(page, 'kim')));
    await row(page, 'lou').waitFor();

    // The same from an image file.
    const image = join(app.scratch, 'export.png');
    writeFileSync(
      image,
      readFileSync(
        screenWith(app.scratch, [migrationLink([{ secret: max, name: 'max', issuer: 'move.example' }])]),
      ),
    );
    const again = await openAddSheet(page);
    await again.getByRole('button', { name: 'Image file' }).click();
    await again.getByLabel('Choose an image file').setInputFiles(image);
    await dialog.getByRole('cell', { name: 'max', exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Import 1 account' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(oathtoolCodes(encodeBase32(max))).toContain(await shownCode(row(page, 'max')));
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
