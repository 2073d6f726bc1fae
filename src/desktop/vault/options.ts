import { osKeychain, type Keychain } from '../keychain';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import { DEFAULT_LOCK, type LockSettings } from './lock';
import type { VaultOptions } from './types';

/** How the Vault reads its options: defaults and the rules for passwords. */
export function keychainOf(options: VaultOptions): Keychain | null {
  return options.keychain === undefined ? osKeychain() : options.keychain;
}

export function lockOf(options: VaultOptions): LockSettings {
  return { ...DEFAULT_LOCK, ...options.lock };
}

export function busy(path: string): VaultError {
  return new VaultError('BUSY', words('vault.file.tookOver', { path }));
}

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;

export function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    throw new VaultError(
      'INVALID',
      words('vault.password.length', { min: String(MIN_PASSWORD), max: String(MAX_PASSWORD) }),
    );
  }
}
