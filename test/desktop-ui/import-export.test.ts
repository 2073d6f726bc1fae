import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_FORMATS } from '../../src/desktop/import/registry';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, otpauth, row, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui import and export', chromiumUnavailable());

const KEPT = 'JBSWY3DPEHPK3PXP';
const NEW_SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';

describe.skipIf(skip)('Import and export in Settings', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
    await app.host.services.vaults.current().add({
      type: 'totp',
      issuer: 'already.example',
      account: 'old-name',
      secret: KEPT,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    });
    await app.page.reload();
  }, 240_000);

  afterAll(() => app?.close());

  it('previews a file without secrets, marks the duplicate, lists the unreadable line, then imports in one go', async () => {
    const { page } = app;
    const file = join(app.scratch, 'links.txt');
    writeFileSync(
      file,
      [
        otpauth('fresh.example', 'ana', NEW_SECRET),
        otpauth('already.example', 'new-name', KEPT),
        'otpauth://totp/broken.example:bo?secret=not-base32!',
        '',
      ].join('\n'),
    );
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Import from another authenticator or a Twofold backup').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: 'Import accounts' });
    await dialog.getByRole('cell', { name: 'fresh.example', exact: true }).waitFor();
    await dialog.getByText(/1 entry cannot be read/).waitFor();
    await dialog.getByText(/broken\.example/).waitFor();
    // Only names reach the window: neither secret is anywhere in the page.
    const html = await page.content();
    expect(html).not.toContain(NEW_SECRET);
    expect(html).not.toContain(KEPT);

    const choice = dialog.getByRole('combobox', { name: /What to do with already\.example/ });
    await expect(choice.inputValue()).resolves.toBe('skip');
    await choice.selectOption('replace');
    await dialog.getByRole('button', { name: 'Import 2 accounts' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .getByText(/Imported 2 accounts/)
      .waitFor();

    await page.getByRole('button', { name: 'Codes' }).click();
    await row(page, 'ana').waitFor();
    // Replaced in place: the entry now carries the imported name, and there is one of it.
    await row(page, 'new-name').waitFor();
    await expect(row(page, 'old-name').count()).resolves.toBe(0);
    expect(app.host.services.vaults.current().list()).toHaveLength(2);
  });

  it('exports a link list only after naming what leaves and a second confirmation, owner-only', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Export every account as').selectOption('uris');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export accounts' });
    await dialog.getByText('2 accounts with their secrets will leave the vault as a plain list').waitFor();
    const go = dialog.getByRole('button', { name: 'Export 2 accounts' });
    await expect(go.isDisabled()).resolves.toBe(true);
    await dialog.getByRole('checkbox', { name: /not encrypted/ }).check();
    await go.click();
    const written = join(app.host.home, 'exports', 'twofold-links.txt');
    await dialog.getByText(`Exported 2 accounts to ${written}.`).waitFor();
    expect(statSync(written).mode & 0o777).toBe(0o600);
    const text = readFileSync(written, 'utf8');
    expect(text).toContain(`secret=${NEW_SECRET}`);
    expect(text).toContain(`secret=${KEPT}`);
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('shows Google Authenticator transfer codes one by one', async () => {
    const { page } = app;
    await page.getByLabel('Export every account as').selectOption('google-qr');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export accounts' });
    await dialog.getByRole('checkbox', { name: /not encrypted/ }).check();
    await dialog.getByRole('button', { name: 'Export 2 accounts' }).click();
    await dialog.getByRole('img', { name: 'Transfer QR code 1 of 1' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('offers "Choose a file…" instead of the raw file control, names the chosen file, and takes a drop (issue 20, item 12)', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const choose = page.locator('label.button', { hasText: 'Choose a file…' });
    await choose.waitFor();
    // The browser's own control ("Choose Files · No file chosen") is not what a person sees.
    const raw = await page.getByLabel('Import from another authenticator or a Twofold backup').boundingBox();
    expect(raw === null || raw.width <= 1).toBe(true);
    const link = otpauth('dropped.example', 'dora', 'ONSWG4TFOQYTEMZUGU3DOOBZ');
    // A file dropped on the field, as a file manager would drop it.
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([${JSON.stringify(link)}], 'dropped-links.txt', { type: 'text/plain' }));
      const zone = document.querySelector('.transfer__drop');
      for (const type of ['dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    const dialog = page.getByRole('dialog', { name: 'Import accounts' });
    await dialog.getByRole('cell', { name: 'dropped.example', exact: true }).waitFor({ timeout: 15_000 });
    await page.getByTestId('import-chosen').getByText('dropped-links.txt').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it("lists every importer's name and where to find its export, from main's registry (issue 21, item 5)", async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByText('Where to find the export in each app').click();
    const list = page.getByTestId('import-formats');
    await expect
      .poll(() => list.locator('dt').allInnerTexts(), { timeout: 15_000 })
      .toEqual(IMPORT_FORMATS.map((format) => format.label));
    expect(await list.locator('dd').allInnerTexts()).toEqual(IMPORT_FORMATS.map((format) => format.help));
  });

  it('imports only the ticked rows: Select all / none, the button counts them, and is off at 0 (issue 20, item 12)', async () => {
    const { page } = app;
    const secrets = {
      'one.example': 'GFSGCYTDMVTGQ2LKGFSGCYTDMVTGQ2LK',
      'two.example': 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
      'three.example': 'NBSWY3DPO5XXE3DENBSWY3DPO5XXE3DE',
    };
    const file = join(app.scratch, 'choose.txt');
    writeFileSync(
      file,
      [
        ...Object.entries(secrets).map(([issuer, secret]) => otpauth(issuer, 'pick', secret)),
        otpauth('already.example', 'again', KEPT),
        '',
      ].join('\n'),
    );
    const before = app.host.services.vaults.current().list().length;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Import from another authenticator or a Twofold backup').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: 'Import accounts' });
    const tick = (name: string) => dialog.getByRole('checkbox', { name: `Import ${name}` });
    await tick('one.example — pick').waitFor({ timeout: 15_000 });
    // New accounts ticked; the one already in Twofold left out, as "Skip" says.
    for (const issuer of Object.keys(secrets)) expect(await tick(`${issuer} — pick`).isChecked()).toBe(true);
    expect(await tick('already.example — again').isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Import 3 accounts' }).waitFor();

    await dialog.getByRole('button', { name: 'Select none' }).click();
    const none = dialog.getByRole('button', { name: 'Import 0 accounts' });
    await expect.poll(() => none.isDisabled(), { timeout: 15_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Select all' }).click();
    await dialog.getByRole('button', { name: 'Import 4 accounts' }).waitFor();
    expect(
      await dialog.getByRole('combobox', { name: /What to do with already\.example/ }).inputValue(),
    ).toBe('keep-both');
    await tick('two.example — pick').uncheck();
    await tick('already.example — again').uncheck();
    await dialog.getByRole('button', { name: 'Import 2 accounts' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    const vault = app.host.services.vaults.current();
    await expect.poll(() => vault.list().length, { timeout: 15_000 }).toBe(before + 2);
    const issuers = vault.list().map((entry) => entry.issuer);
    expect(issuers).toContain('one.example');
    expect(issuers).toContain('three.example');
    expect(issuers).not.toContain('two.example');
    expect(vault.exportEntries().filter((entry) => entry.secret === KEPT)).toHaveLength(1);
  }, 120_000);
});
