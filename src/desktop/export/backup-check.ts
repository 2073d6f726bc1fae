import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readImportFiles } from '../import/flow/read';
import { errnoOf, ImportError } from '../import/errors';
import { fromBackup } from '../import/formats/twofold-backup';
import { openBackupWithKey, type BackupKey } from '../vault/backup-file';
import { VaultError, type NewEntry, type VaultEntry } from '../vault';
import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { englishTranslate } from '../../shared/i18n/translate';

/** Automatic backups are named by the time they were written, so the newest sorts last. */
export const BACKUP_FILE_NAME = /^twofold-backup-\d{8}-\d{6}-\d{3}\.twofold$/;

/** The outcome of opening a backup as a restore would and comparing it with the vault. */
export interface BackupCheck {
  readonly checkedAt: string;
  /** The backup's file name (not its folder). */
  readonly file: string;
  readonly restorable: boolean;
  /** Accounts read back from the backup; 0 when it did not open. */
  readonly accounts: number;
  /** What was found, in English (the CLI's); never a secret. */
  readonly message: string;
  /** The same as a catalogue message, said in the app's language in the window (absent in old settings). */
  readonly words?: PersonFacingMessage;
}

/** A check's outcome, its English kept beside its words (a reason from outside the catalogue has none). */
function checked(
  file: string,
  now: Date,
  found: { restorable: boolean; accounts: number },
  message: PersonFacingMessage | string,
): BackupCheck {
  const base = { checkedAt: now.toISOString(), file, ...found };
  return typeof message === 'string'
    ? { ...base, message }
    : { ...base, message: sayIn(englishTranslate, message), words: message };
}

/**
 * A hash of what a restore brings back of one entry (type, secret, issuer,
 * account, settings, group, note, icon): ids, places and dates are the vault's
 * own and a restore makes new ones.
 */
export function contentHash(entry: NewEntry): string {
  const content = {
    type: entry.type,
    issuer: entry.issuer,
    account: entry.account,
    secret: entry.secret,
    algorithm: entry.algorithm,
    digits: entry.digits,
    period: entry.period,
    counter: entry.counter,
    image: entry.image ?? '',
    group: entry.group ?? '',
    note: entry.note ?? '',
    icon: entry.icon ?? '',
  };
  return createHash('sha256').update(JSON.stringify(content), 'utf8').digest('hex');
}

/** Accounts of the vault missing from the backup, and accounts of the backup not in the vault (a multiset difference). */
export function compareWithVault(
  restored: readonly NewEntry[],
  vault: readonly VaultEntry[],
): { missing: number; extra: number } {
  const counts = new Map<string, number>();
  for (const entry of vault) {
    const hash = contentHash(fromBackup(entry));
    counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  let extra = 0;
  for (const entry of restored) {
    const hash = contentHash(entry);
    const left = counts.get(hash) ?? 0;
    if (left === 0) extra++;
    else counts.set(hash, left - 1);
  }
  let missing = 0;
  for (const left of counts.values()) missing += left;
  return { missing, extra };
}

function outcome(
  file: string,
  restored: readonly NewEntry[],
  vault: readonly VaultEntry[],
  now: Date,
): BackupCheck {
  const { missing, extra } = compareWithVault(restored, vault);
  const count = restored.length;
  if (missing === 0 && extra === 0) {
    const message =
      count === 0
        ? words('transfer.backupCheck.matchesEmpty')
        : count === 1
          ? words('transfer.backupCheck.matchesOne')
          : words('transfer.backupCheck.matchesAll', { count });
    return checked(file, now, { restorable: true, accounts: count }, message);
  }
  const message =
    extra === 0
      ? words('transfer.backupCheck.missing', { missing })
      : missing === 0
        ? words('transfer.backupCheck.extra', { extra })
        : words('transfer.backupCheck.missingAndExtra', { missing, extra });
  return checked(file, now, { restorable: false, accounts: count }, message);
}

function refused(file: string, message: PersonFacingMessage | string, now: Date): BackupCheck {
  return checked(file, now, { restorable: false, accounts: 0 }, message);
}

const reasonOf = (error: PersonFacingError) => error.words ?? error.message;

const WRONG_PASSWORD = words('transfer.backupCheck.wrongPassword');
const DAMAGED = words('transfer.backupCheck.damaged');

/**
 * Opens a backup exactly as a restore does (`twofold import`, the app's
 * Restore: the twofold-backup importer with the password) and compares every
 * entry with the vault by a hash of its content.
 */
export async function checkBackupWithPassword(
  bytes: Uint8Array,
  file: string,
  password: string,
  vault: readonly VaultEntry[],
  now: Date,
): Promise<BackupCheck> {
  let restored: readonly NewEntry[];
  try {
    const found = await readImportFiles([{ bytes, fileName: file }], {
      password,
      format: 'twofold-backup',
    });
    restored = found.entries;
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    if (error.code === 'NOTHING_FOUND') restored = [];
    else if (error.code === 'WRONG_PASSWORD') return refused(file, WRONG_PASSWORD, now);
    else if (error.code === 'UNSUPPORTED_VERSION') return refused(file, reasonOf(error), now);
    else return refused(file, DAMAGED, now);
  }
  return outcome(file, restored, vault, now);
}

/**
 * The app's check after each backup, with the backup key it keeps instead of
 * the password (which the reminder proves): the same decryption and the same
 * mapping to new entries as the importer.
 */
export function checkBackupWithKey(
  bytes: Uint8Array,
  file: string,
  key: BackupKey,
  vault: readonly VaultEntry[],
  now: Date,
): BackupCheck {
  let restored: NewEntry[];
  try {
    restored = openBackupWithKey(bytes, key, file).map(fromBackup);
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    if (error.code === 'WRONG_PASSWORD')
      return refused(file, words('transfer.backupCheck.otherPassword'), now);
    if (error.code === 'NEWER_FORMAT') return refused(file, reasonOf(error), now);
    return refused(file, DAMAGED, now);
  }
  return outcome(file, restored, vault, now);
}

/** The newest automatic backup in a folder (by its name, which is its time), or null. */
export async function newestBackupIn(folder: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PersonFacingError(
      'BACKUP_FOLDER_UNREADABLE',
      words('transfer.backup.folderUnreadable', { folder, code: errnoOf(error) }),
    );
  }
  const newest = names
    .filter((name) => BACKUP_FILE_NAME.test(name))
    .sort()
    .at(-1);
  return newest === undefined ? null : join(folder, newest);
}

/** A backup file's bytes; a file that cannot be read is a check that failed (why), not a crash. */
export async function readBackup(path: string): Promise<Uint8Array | PersonFacingMessage> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    return words('transfer.backupCheck.unreadable', { code: errnoOf(error) });
  }
}

/** A check that could not open the file at all. */
export function unreadableCheck(path: string, why: PersonFacingMessage, now: Date): BackupCheck {
  return refused(basename(path), why, now);
}
