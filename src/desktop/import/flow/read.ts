import { isTwofoldVaultFile, openBackup } from '../../vault/backup-file';
import { VaultError, type VaultEntry } from '../../vault';
import { ImportError } from '../errors';
import { joinResults, readImport } from '../registry';
import type { KdfControl } from '../formats/support/crypto';
import type { ImportedEntry, ImportFailure, ImportFormatId, ImportInput } from '../types';

/** What the flow imports: the importers' formats plus Twofold's own backups. */
export type FlowFormat = ImportFormatId | 'twofold-backup';

/** The signal stops a key derivation under way; progress says which one runs. */
export interface ReadOptions extends KdfControl {
  readonly password?: string;
  readonly format?: FlowFormat;
}

/** Every file given, read and joined: what the preview shows. */
export interface FoundEntries {
  readonly formats: FlowFormat[];
  readonly entries: readonly ImportedEntry[];
  readonly failures: readonly ImportFailure[];
  readonly warnings: readonly string[];
}

/** A backup's entries as new ones: the vault gives them ids and places of its own. */
function fromBackup(entry: VaultEntry): ImportedEntry {
  const { id: _id, order: _order, createdAt: _created, updatedAt: _updated, ...account } = entry;
  return account;
}

async function readBackup(input: ImportInput, password: string | undefined): Promise<ImportedEntry[]> {
  const name = input.fileName ?? 'The backup';
  if (password === undefined || password === '') {
    throw new ImportError('PASSWORD_REQUIRED', `${name} is a Twofold backup: give its password.`);
  }
  try {
    return (await openBackup(input.bytes, password, name)).map(fromBackup);
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    if (error.code === 'WRONG_PASSWORD')
      throw new ImportError('WRONG_PASSWORD', `Wrong password for the Twofold backup ${name}.`);
    if (error.code === 'NEWER_FORMAT') throw new ImportError('UNSUPPORTED_VERSION', error.message);
    throw new ImportError('MALFORMED', error.message);
  }
}

/**
 * Reads every file (format sniffed unless forced, the password tried on each
 * encrypted one) and joins them, so that the QR codes of one Google
 * Authenticator export given as separate files make one import. The first file
 * that cannot be read at all stops the whole import (ImportError).
 */
export async function readImportFiles(
  inputs: readonly ImportInput[],
  options: ReadOptions = {},
): Promise<FoundEntries> {
  const backups: ImportedEntry[] = [];
  const results = [];
  for (const input of inputs) {
    const isBackup =
      options.format === 'twofold-backup' ||
      (options.format === undefined && isTwofoldVaultFile(input.bytes));
    if (isBackup) backups.push(...(await readBackup(input, options.password)));
    else {
      const format = options.format as ImportFormatId | undefined;
      results.push(
        await readImport(input, {
          ...(options.password !== undefined ? { password: options.password } : {}),
          ...(format !== undefined ? { format } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }),
      );
    }
  }
  const joined = joinResults(results);
  return {
    formats: [
      ...joined.formats,
      ...(backups.length > 0 || inputs.length > results.length ? ['twofold-backup' as const] : []),
    ],
    entries: [...backups, ...joined.entries],
    failures: joined.failures,
    warnings: joined.warnings,
  };
}
