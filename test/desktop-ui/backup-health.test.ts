import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonFacingError } from '../../src/shared/person-facing-error';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui backup health', chromiumUnavailable());

describe.skipIf(skip)('Settings → Backups health line', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
    await app.host.services.vaults.current().add({
      type: 'totp',
      issuer: 'backed.example',
      account: 'ana',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    });
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
