import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoBackups } from '../../src/desktop/export/auto-backup';
import { VaultSession } from '../../src/desktop/services/vault-session';
import { makeVault, SAMPLE, scratch, VAULT_PASSWORD } from './support';

const BACKUP_PASSWORD = 'backup password 1';

describe('backup health', () => {
  const place = scratch('backup-health');
  afterAll(() => place.remove());

  it('an automatic backup due while the vault is closed is skipped quietly and said so', { timeout: 60_000 }, async () => {
    await makeVault(place.vault, SAMPLE);
    const session = new VaultSession({ path: place.vault, keychain: null, password: VAULT_PASSWORD });
    await session.open();
    const backups = await AutoBackups.load(place.dir, null);
    await backups.update({ password: BACKUP_PASSWORD, enabled: true, folder: join(place.dir, 'backups') });
    backups.changed(() => session.current().exportEntries());
    session.close();
    await new Promise((wait) => setTimeout(wait, 2500));
    expect(backups.state().problem).toBeNull();
  });
});
