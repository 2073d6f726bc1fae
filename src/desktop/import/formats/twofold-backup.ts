import { isTwofoldVaultFile, openBackup } from '../../vault/backup-file';
import { VaultError, type VaultEntry } from '../../vault';
import { ImportError, inEnglish } from '../errors';
import { words } from '../../../shared/person-facing-error';
import { importFormat, type ImportedEntry } from '../types';

/** Twofold's own backup (Settings → Import and Export, or the automatic backups): a vault file with a password slot. */

/** A backup's entries as new ones: the vault gives them ids and places of its own (the backup check compares these). */
export function fromBackup(entry: VaultEntry): ImportedEntry {
  const { id: _id, order: _order, createdAt: _created, updatedAt: _updated, ...account } = entry;
  return account;
}

export const twofoldBackup = importFormat({
  id: 'twofold-backup',
  label: 'Twofold backup',
  help: 'Twofold: Settings → Import and Export → Export every account as Twofold backup, or a file from the backup folder.',
  sniff: (source) => isTwofoldVaultFile(source.bytes),
  needsPassword: () => true,
  async parse(source, { password }) {
    const name = source.fileName || words('transfer.twofoldBackup.unnamed');
    if (password === undefined || password === '') {
      throw new ImportError('PASSWORD_REQUIRED', words('transfer.twofoldBackup.passwordRequired', { name }));
    }
    try {
      // The vault's own messages name the file in English when it has no name (the vault words them).
      const entries = await openBackup(source.bytes, password, inEnglish(name));
      return { entries: entries.map(fromBackup), failures: [] };
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      if (error.code === 'WRONG_PASSWORD')
        throw new ImportError('WRONG_PASSWORD', words('transfer.twofoldBackup.wrongPassword', { name }));
      const reason = error.words ?? error.message;
      if (error.code === 'NEWER_FORMAT') throw new ImportError('UNSUPPORTED_VERSION', reason);
      throw new ImportError('MALFORMED', reason);
    }
  },
});
