import { randomBytes, randomUUID } from 'node:crypto';
import { KEY_BYTES } from './crypto';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import { decodeVault, MAGIC, type VaultHeader } from './format';
import { checkPassword } from './options';
import { makePasswordSlot, unlockWithPassword } from './slots';
import type { VaultEntry } from './types';
import { decryptBody, encryptVault } from './vault-file';

/**
 * A Twofold backup is a vault file of its own: the same format, a key of its
 * own and a password slot only (no keychain), so it opens on any computer with
 * the password. The key stays with the caller so that automatic backups need
 * the password once, not at every write.
 */
export interface BackupKey {
  readonly key: Buffer;
  readonly header: Omit<VaultHeader, 'nonce'>;
}

export async function makeBackupKey(password: string): Promise<BackupKey> {
  checkPassword(password);
  const id = randomUUID();
  const key = randomBytes(KEY_BYTES);
  return { key, header: { id, slots: [await makePasswordSlot(id, key, password)] } };
}

/** The backup file's bytes: every entry, sealed under the backup key with a fresh nonce. */
export function sealBackup(backup: BackupKey, list: readonly VaultEntry[]): Buffer {
  return encryptVault(backup.key, backup.header, list);
}

export function isTwofoldVaultFile(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC);
}

/** The entries of a backup (or of any Twofold vault file with a password slot); `name` is for messages. */
export async function openBackup(bytes: Uint8Array, password: string, name: string): Promise<VaultEntry[]> {
  const buffer = Buffer.from(bytes);
  const decoded = decodeVault(buffer, name);
  if (!decoded.header.slots.some((slot) => slot.type === 'password')) {
    throw new VaultError('NO_SLOT', words('vault.backup.noPassword', { name }));
  }
  const key = await unlockWithPassword(decoded.header, password, name);
  try {
    return decryptBody(key, decoded, name).entries;
  } finally {
    key.fill(0);
  }
}

/**
 * The entries of a backup this computer wrote, with the backup key it keeps
 * (no password): refused unless the file's header is the one that key belongs
 * to, so a file under another backup password is never taken for ours.
 */
export function openBackupWithKey(bytes: Uint8Array, backup: BackupKey, name: string): VaultEntry[] {
  const decoded = decodeVault(Buffer.from(bytes), name);
  const ours =
    decoded.header.id === backup.header.id &&
    JSON.stringify(decoded.header.slots) === JSON.stringify(backup.header.slots);
  if (!ours) {
    throw new VaultError('WRONG_PASSWORD', words('vault.backup.otherPassword', { name }));
  }
  return decryptBody(backup.key, decoded, name).entries;
}
