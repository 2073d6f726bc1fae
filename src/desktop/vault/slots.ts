import { randomBytes, randomUUID } from 'node:crypto';
import { KeychainUnavailableError, type Keychain } from '../keychain';
import { KEYRINGS } from '../keychain/errors';
import {
  DEFAULT_SCRYPT,
  deriveKey,
  KEY_BYTES,
  NONCE_BYTES,
  randomKey,
  seal,
  unseal,
  type ScryptParams,
} from './crypto';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import type { KeychainSlot, PasswordSlot, Slot, VaultHeader } from './format';

/** Binds a wrapped key to its vault and slot, so slots cannot be swapped between vaults. */
function slotAad(vaultId: string, slot: { id: string; type: Slot['type'] }): Buffer {
  return Buffer.from(`twofold-slot:${vaultId}:${slot.id}:${slot.type}`, 'utf8');
}

function wrap(vaultId: string, type: Slot['type'], slotKey: Buffer, vaultKey: Buffer) {
  const id = randomUUID();
  const nonce = randomBytes(NONCE_BYTES);
  const key = seal(slotKey, nonce, vaultKey, slotAad(vaultId, { id, type }));
  return { id, nonce: nonce.toString('base64'), key: key.toString('base64') };
}

function unwrap(vaultId: string, slot: Slot, slotKey: Buffer): Buffer | null {
  const key = unseal(
    slotKey,
    Buffer.from(slot.nonce, 'base64'),
    Buffer.from(slot.key, 'base64'),
    slotAad(vaultId, slot),
  );
  return key !== null && key.length === KEY_BYTES ? key : null;
}

/**
 * Stores a fresh slot key in the keychain (account = vault id unless given) and
 * wraps the vault key with it.
 */
export async function makeKeychainSlot(
  vaultId: string,
  vaultKey: Buffer,
  keychain: Keychain,
  account = vaultId,
): Promise<KeychainSlot> {
  const slotKey = randomKey();
  await keychain.set(account, slotKey.toString('base64'));
  return { type: 'keychain', ...wrap(vaultId, 'keychain', slotKey, vaultKey), account };
}

export async function makePasswordSlot(
  vaultId: string,
  vaultKey: Buffer,
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<PasswordSlot> {
  const salt = randomBytes(32);
  const slotKey = await deriveKey(password, salt, params);
  return {
    type: 'password',
    ...wrap(vaultId, 'password', slotKey, vaultKey),
    kdf: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
  };
}

export const hasPasswordSlot = (header: VaultHeader): boolean =>
  header.slots.some((s) => s.type === 'password');

export async function unlockWithPassword(
  header: Pick<VaultHeader, 'id' | 'slots'>,
  password: string,
  path: string,
): Promise<Buffer> {
  const slots = header.slots.filter((slot): slot is PasswordSlot => slot.type === 'password');
  if (slots.length === 0) {
    throw new VaultError('NO_SLOT', words('vault.password.noneUseKeychain', { path }));
  }
  for (const slot of slots) {
    const slotKey = await deriveKey(password, Buffer.from(slot.salt, 'base64'), slot);
    const key = unwrap(header.id, slot, slotKey);
    if (key !== null) return key;
  }
  throw new VaultError('WRONG_PASSWORD', words('vault.error.wrongPassword', { path }));
}

export async function unlockWithKeychain(
  header: VaultHeader,
  keychain: Keychain | null,
  path: string,
): Promise<Buffer> {
  const slots = header.slots.filter((slot): slot is KeychainSlot => slot.type === 'keychain');
  const next = words(hasPasswordSlot(header) ? 'vault.slots.usePassword' : 'vault.slots.noWayHere');
  if (slots.length === 0 || keychain === null) {
    throw new VaultError(
      hasPasswordSlot(header) ? 'LOCKED' : 'NO_SLOT',
      words('vault.slots.notInKeychain', { path, next }),
    );
  }
  for (const slot of slots) {
    const stored = await keychain.get(slot.account).catch((error: unknown) => {
      if (error instanceof KeychainUnavailableError) {
        throw new KeychainUnavailableError(
          error.reason,
          words(
            hasPasswordSlot(header) ? 'vault.keychain.hint.usePassword' : 'vault.keychain.hint.onlyKeychain',
            KEYRINGS,
          ),
        );
      }
      throw error;
    });
    if (stored === null) continue;
    const key = unwrap(header.id, slot, Buffer.from(stored, 'base64'));
    if (key !== null) return key;
  }
  throw new VaultError('LOCKED', words('vault.slots.keyNotInKeychain', { path, next }));
}
