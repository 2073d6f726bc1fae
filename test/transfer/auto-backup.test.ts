import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoBackups } from '../../src/desktop/export/auto-backup';
import { openBackup } from '../../src/desktop/vault/backup-file';
import { Vault } from '../../src/desktop/vault';
import { comparable, makeVault, SAMPLE, scratch, VAULT_PASSWORD } from './support';

const BACKUP_PASSWORD = 'backup password 1';

describe('automatic backups', () => {
  const place = scratch('auto-backup');
  afterAll(() => place.remove());

  it('are refused until a backup password is set', async () => {
    const backups = await AutoBackups.load(place.dir, null);
    await expect(backups.update({ enabled: true })).rejects.toThrow(/Set a backup password first/);
    expect(backups.state().enabled).toBe(false);
  });

  it(
    'write one owner-only backup per burst of changes, keep the newest N, and open with the password anywhere',
    { timeout: 120_000 },
    async () => {
      await makeVault(place.vault, SAMPLE);
      const vault = await Vault.open({ path: place.vault, password: VAULT_PASSWORD, keychain: null });
      const folder = join(place.dir, 'backups');
      try {
        const backups = await AutoBackups.load(place.dir, null);
        await backups.update({ password: BACKUP_PASSWORD, enabled: true, keep: 2, folder });
        const list = () => vault.exportEntries();
        // Three changes in a row: one backup.
        backups.changed(list);
        backups.changed(list);
        backups.changed(list);
        await backups.flush(list);
        expect(readdirSync(folder)).toHaveLength(1);
        for (let round = 0; round < 3; round++) {
          await new Promise((wait) => setTimeout(wait, 5));
          await backups.backupNow(list);
        }
        const names = readdirSync(folder).sort();
        expect(names).toHaveLength(2);
        expect(statSync(folder).mode & 0o777).toBe(0o700);
        const newest = join(folder, names.at(-1) as string);
        expect(statSync(newest).mode & 0o777).toBe(0o600);
        const bytes = new Uint8Array(readFileSync(newest));
        await expect(openBackup(bytes, 'wrong password', 'backup')).rejects.toThrow(/Wrong password/);
        expect(comparable(await openBackup(bytes, BACKUP_PASSWORD, 'backup'))).toEqual(comparable(SAMPLE));
        expect(backups.state()).toMatchObject({ enabled: true, keep: 2, hasPassword: true, problem: null });

        // After a restart without a keychain the key is gone: the state says to enter the password again.
        const restarted = await AutoBackups.load(place.dir, null);
        expect(restarted.state()).toMatchObject({ enabled: true, hasPassword: false });
        expect(restarted.state().problem).toMatch(/Enter the backup password again/);
      } finally {
        vault.close();
      }
    },
  );
});
