import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KeychainUnavailableError } from '../keychain';
import { ensureFolder, writeFileAtomic } from './atomic-file';
import { KEY_BYTES } from './crypto';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import type { Slot, VaultHeader } from './format';
import { lockVault } from './lock';
import { busy, checkPassword, keychainOf, lockOf } from './options';
import { makeKeychainSlot, makePasswordSlot } from './slots';
import type { VaultOptions } from './types';
import { encryptVault, statStamp, type FileStamp } from './vault-file';

export interface CreatedVault {
  key: Buffer;
  header: VaultHeader;
  stamp: FileStamp | null;
}

/**
 * Writes a new, empty vault under the lock: a random key, a keychain slot
 * (unless there is no keychain and a password is given), a password slot if
 * asked. Null when `mayExist` and another process created the file first.
 */
export async function createVaultFile(
  options: VaultOptions,
  mayExist: boolean,
): Promise<CreatedVault | null> {
  const { path, password } = options;
  const keychain = keychainOf(options);
  if (keychain === null && password === undefined) {
    throw new VaultError('NO_SLOT', words('vault.create.noProtection'));
  }
  if (password !== undefined) checkPassword(password);
  await ensureFolder(path);
  const held = await lockVault(path, lockOf(options));
  try {
    const exists = await readFile(path).then(
      () => true,
      (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
    );
    if (exists && mayExist) return null;
    if (exists) throw new VaultError('EXISTS', words('vault.file.exists', { path }));
    const id = randomUUID();
    const key = randomBytes(KEY_BYTES);
    const slots: Slot[] = [];
    if (keychain !== null) {
      try {
        slots.push(await makeKeychainSlot(id, key, keychain));
      } catch (error) {
        // Without a keychain a password alone protects the vault; never the key in plain text.
        if (!(error instanceof KeychainUnavailableError) || password === undefined) throw error;
      }
    }
    if (password !== undefined) slots.push(await makePasswordSlot(id, key, password));
    if (held.compromised()) throw busy(path);
    await writeFileAtomic(path, encryptVault(key, { id, slots }, []));
    // Still under the lock: the stamp is of the file just written.
    return { key, header: { id, nonce: '', slots }, stamp: await statStamp(path) };
  } finally {
    await held.release();
  }
}
