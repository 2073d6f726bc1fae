import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackupKey, sealBackup } from '../../src/desktop/vault/backup-file';
import { PersonFacingError } from '../../src/shared/person-facing-error';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

const SAMPLE_ENTRY = {
  type: 'totp',
  issuer: 'backed.example',
  account: 'ana',
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
} as const;

/** The label of the focused field. */
const FOCUSED_LABEL = `(() => {
  const el = document.activeElement;
  return el && el.id ? (document.querySelector('label[for="' + CSS.escape(el.id) + '"]')?.textContent ?? '').trim() : '';
})()`;

const skip = skipReason('desktop-ui backup health', chromiumUnavailable());

describe.skipIf(skip)('Settings → Backups health line', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
    await app.host.services.vaults.current().add(SAMPLE_ENTRY);
  }, 240_000);

  afterAll(() => app?.close());

  it('says when the last backup was written and whether it restores; an altered backup is not restorable', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const health = page.getByTestId('backup-health');
    await expect.poll(() => health.textContent(), { timeout: 15_000 }).toBe('No backup yet.');

    const form = page.getByRole('form', { name: 'Backup password' });
    await form.getByLabel('Backup password').fill('backup password 1');
    await form.getByRole('button', { name: 'Set backup password' }).click();
    await form.getByRole('button', { name: 'Back up now' }).click();
    await expect
      .poll(() => health.textContent(), { timeout: 15_000 })
      .toMatch(
        /^Last backup: .+\. Proven to restore \(checked .+\): It opens, and its one account matches the vault\.$/,
      );

    // One byte of the newest backup flipped on disk, then checked again from Settings.
    const folder = app.host.services.backups.state().folder;
    const newest = join(folder, readdirSync(folder).sort().at(-1) as string);
    const bytes = readFileSync(newest);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0x01;
    writeFileSync(newest, bytes);
    await page.getByRole('button', { name: 'Check the newest backup' }).click();
    await expect
      .poll(() => health.textContent(), { timeout: 15_000 })
      .toMatch(
        /Not restorable: twofold-backup-.+\.twofold \(checked .+\)\. It does not open: the file is damaged/,
      );
    await expect.poll(() => health.getAttribute('class'), { timeout: 15_000 }).toBe('field__error');
  });

  it('Restore of a backup previews its accounts (names only) and writes nothing until Import is pressed', async () => {
    const { page, host } = app;
    const file = join(app.scratch, 'restore.twofold');
    const restored = {
      ...SAMPLE_ENTRY,
      issuer: 'restored.example',
      secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
    };
    writeFileSync(
      file,
      sealBackup(await makeBackupKey('restore password 1'), [
        {
          ...restored,
          id: 'x',
          order: 0,
          group: '',
          note: '',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
      ]),
    );
    const before = host.services.vaults.current().exportEntries().length;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Import from another authenticator or a Twofold backup').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: 'Import accounts' });
    await dialog.getByLabel('Password of the export').fill('restore password 1');
    await dialog.getByRole('button', { name: 'Open' }).click();
    await dialog.getByRole('cell', { name: 'restored.example', exact: true }).waitFor();
    expect(await page.content()).not.toContain(restored.secret);
    // The preview is on screen and the vault is as it was.
    expect(host.services.vaults.current().exportEntries()).toHaveLength(before);
    await dialog.getByRole('button', { name: 'Import 1 account' }).click();
    await expect
      .poll(() => host.services.vaults.current().exportEntries().length, { timeout: 15_000 })
      .toBe(before + 1);
  });

  it('says so when an automatic backup was skipped because the vault was not open', async () => {
    const { page, host } = app;
    await host.services.backups.update({ enabled: true });
    host.services.backups.changed(() => {
      // What VaultSession.current() throws once the vault is closed.
      throw new PersonFacingError('VAULT_UNAVAILABLE', 'The vault is not open.');
    });
    // The settle timer fires after 1.5 s; then the window is opened on Settings again.
    await expect.poll(() => host.services.backups.state().skipped, { timeout: 15_000 }).not.toBeNull();
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect
      .poll(() => page.getByTestId('backup-health').textContent(), { timeout: 15_000 })
      .toMatch(/The automatic backup due at .+ was skipped: the vault was not open\./);
  });
});

describe.skipIf(skip)('Settings → Backups asks the backup password back', () => {
  let app: AppSession;
  let home: string;

  beforeAll(async () => {
    // A home whose backup password was set 40 days ago and whose key is not in this keychain: asked now.
    home = mkdtempSync(join(tmpdir(), 'twofold-reminder-'));
    const key = await makeBackupKey('remembered password 1');
    const since = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
    writeFileSync(
      join(home, 'backups.json'),
      JSON.stringify({
        enabled: false,
        folder: join(home, 'backups'),
        keep: 10,
        header: key.header,
        lastBackupAt: null,
        lastCheck: null,
        reminder: { enabled: true, step: 0, since },
      }),
    );
    app = await openApp({ home });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('a wrong answer offers to set a new password; the right one is accepted', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const asked = page.getByRole('form', { name: 'Backup password check' });
    await asked.getByLabel(/backup password/).fill('forgotten password');
    await asked.getByRole('button', { name: 'Check password' }).click();
    await asked.getByRole('alert').filter({ hasText: 'That is not the backup password.' }).waitFor();
    await asked.getByRole('button', { name: 'Set a new backup password' }).click();
    // The field that sets a new backup password has focus (a string: tests are type-checked without the DOM).
    await expect
      .poll(() => page.evaluate<string>(FOCUSED_LABEL), { timeout: 15_000 })
      .toBe('Backup password');

    await asked.getByLabel(/backup password/).fill('remembered password 1');
    await asked.getByRole('button', { name: 'Check password' }).click();
    await expect.poll(() => asked.count(), { timeout: 15_000 }).toBe(0);
    expect(app.host.services.backups.state()).toMatchObject({ hasPassword: true, reminder: { due: false } });
  });
});
