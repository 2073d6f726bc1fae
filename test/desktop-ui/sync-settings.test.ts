import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osKeychain } from '../../src/desktop/keychain';
import { FolderSync } from '../../src/desktop/sync';
import { Vault } from '../../src/desktop/vault';
import { chromiumUnavailable } from '../support/chromium';
import { addByLink, openApp, otpauth, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';
import { keychainUnavailable } from '../vault/support';

const skip = skipReason('desktop-ui sync settings', chromiumUnavailable() ?? keychainUnavailable());

/**
 * Settings → Sync in the browser over the real handlers: set up, show the code, a second
 * computer (a vault in this process) joins with it; its add arrives with Sync now, a
 * concurrent edit is reported once, a refused file is listed (both said again in German when the
 * language changes), and Remove takes it out.
 */
describe.skipIf(skip)('Settings → Sync', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  }, 240_000);

  afterAll(() => app?.close());

  it('sets up, pairs a second computer, merges, reports a conflict and a refused file, removes a device', async () => {
    const { page } = app;
    await addByLink(page, otpauth('GitHub', 'me', 'JBSWY3DPEHPK3PXP'));
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Sync' });
    await section.getByLabel("This computer's name").fill('Office');
    await section.getByRole('button', { name: 'Choose folder and start syncing' }).click();
    await section.getByText(/^Syncing as Office through /).waitFor();

    await section.getByRole('button', { name: 'Show sync code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sync code' });
    await dialog.getByRole('button', { name: 'Show the sync code' }).click();
    await dialog.getByRole('img', { name: 'QR code of the sync code' }).waitFor();
    const code = await dialog.getByLabel('Sync code').inputValue();
    expect(code.split(' ')).toHaveLength(12);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The second computer: its own home and vault, the same folder.
    const folder = join(app.host.home, 'exports', 'Twofold sync');
    const home = join(app.scratch, 'laptop');
    await mkdir(home);
    const keychain = osKeychain();
    const vault = await Vault.create({ path: join(home, 'vault.twofold'), keychain });
    const laptop = await FolderSync.join(vault, keychain, { code, folder, name: 'Laptop' });
    expect(vault.list().map((entry) => entry.issuer)).toEqual(['GitHub']);
    await vault.add({
      type: 'totp',
      issuer: 'GitLab',
      account: 'me',
      secret: 'GEZDGNBVGY3TQOJQ',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    });
    await laptop.now();

    await section.getByRole('button', { name: 'Sync now' }).click();
    const devices = section.getByRole('table', { name: 'Devices' });
    await devices.getByRole('cell', { name: 'Laptop', exact: true }).waitFor();
    await devices.getByRole('cell', { name: 'Office (this computer)' }).waitFor();

    // The same entry edited on both: the laptop first, this computer later; each side syncs.
    const github = vault.list()[0]!;
    await vault.update(github.id, { note: 'from the laptop' });
    await page.getByRole('button', { name: 'Codes' }).click();
    await page.getByText('GitLab').first().waitFor();
    await page.getByRole('button', { name: 'Edit GitHub (me)' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit GitHub (me)' });
    await edit.getByLabel('Note', { exact: true }).fill('from the office');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await section.getByRole('button', { name: 'Sync now' }).click();
    // The laptop syncs until this computer's edit (the later one) has reached it.
    await expect
      .poll(async () => {
        await laptop.now();
        return vault.get(github.id).note;
      })
      .toBe('from the office');
    // A junk file under the laptop's next number: refused, listed.
    const laptopId = (JSON.parse(await readFile(`${vault.path}.sync.json`, 'utf8')) as { device: string })
      .device;
    const laptopDir = join(folder, `d-${laptopId}`);
    const numbers = (await readdir(laptopDir))
      .filter((name) => /^\d{10}\./.test(name))
      .map((name) => Number(name.slice(0, 10)));
    await writeFile(join(laptopDir, `${String(Math.max(...numbers) + 1).padStart(10, '0')}.chg`), 'junk');
    await section.getByRole('button', { name: 'Sync now' }).click();
    await section
      .getByRole('alert')
      .getByText('Edited on two computers: kept the change from this computer (Office) (GitHub (me)).')
      .waitFor();
    await section
      .getByRole('list', { name: 'Sync notices' })
      .getByText(/^Refused d-[0-9a-f]{32}\/\d{10}\.chg: not a Twofold sync file/)
      .waitFor();
    // Said again in the window's language, values and all, the moment the language changes.
    await page.locator('#set-language-choice').selectOption('de');
    await page.locator('html[lang="de"]').waitFor({ state: 'attached' });
    await section
      .getByRole('alert')
      .getByText(
        'Auf zwei Computern bearbeitet: Die Änderung von diesem Computer (Office) wurde behalten (GitHub (me)).',
      )
      .waitFor();
    const refusedInGerman = section.locator('.sync__notices li').filter({
      hasText:
        /^d-[0-9a-f]{32}\/\d{10}\.chg abgelehnt: keine Twofold-Sync-Datei \(sie beginnt nicht wie eine\)\. /,
    });
    await refusedInGerman.waitFor();
    // The file name is data: isolated, and not for a translator.
    await expect(refusedInGerman.locator('bdi[translate="no"]').first().textContent()).resolves.toMatch(
      /^d-[0-9a-f]{32}\/\d{10}\.chg$/,
    );
    await page.locator('#set-language-choice').selectOption('en');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await section.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => section.getByText(/^Edited on two computers/).count()).toBe(0);

    await section.getByRole('button', { name: 'Remove Laptop' }).click();
    await section.getByRole('button', { name: 'Remove Laptop' }).click();
    await expect.poll(() => devices.getByRole('cell', { name: 'Laptop', exact: true }).count()).toBe(0);
    vault.close();
  }, 120_000);
});
