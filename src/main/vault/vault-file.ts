import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { NONCE_BYTES, seal, unseal } from './crypto';
import { parseBody } from './entries';
import { VaultError } from './errors';
import { decodeVault, encodePrefix, type DecodedVault, type VaultHeader } from './format';
import type { VaultEntry } from './types';

/** A vault's contents once decrypted. */
export interface State {
  header: VaultHeader;
  entries: VaultEntry[];
}

export async function readVaultFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new VaultError('NO_VAULT', `There is no vault at ${path}.`);
    if (code === 'EISDIR') throw new VaultError('NOT_A_VAULT', `${path} is a folder, not a Twofold vault.`);
    throw new VaultError('IO', `The vault ${path} cannot be read (${code ?? 'unknown error'}).`, {
      cause: error,
    });
  }
}

export function decryptBody(key: Buffer, file: Buffer | DecodedVault, path: string): State {
  const { header, aad, sealed } = Buffer.isBuffer(file) ? decodeVault(file, path) : file;
  const plain = unseal(key, Buffer.from(header.nonce, 'base64'), sealed, aad);
  const damaged = new VaultError(
    'CORRUPT',
    `The vault ${path} is damaged or was altered; it was left as it is. Restore it from a backup.`,
  );
  if (plain === null) throw damaged;
  let json: unknown;
  try {
    json = JSON.parse(plain.toString('utf8'));
  } catch {
    throw damaged;
  }
  const list = parseBody(json);
  if (list === null) throw damaged;
  return { header, entries: list };
}

export function encryptVault(
  key: Buffer,
  header: Omit<VaultHeader, 'nonce'>,
  list: readonly VaultEntry[],
): Buffer {
  // A fresh nonce for every write: GCM must never reuse one under the same key.
  const nonce = randomBytes(NONCE_BYTES);
  const prefix = encodePrefix({ id: header.id, nonce: nonce.toString('base64'), slots: header.slots });
  const body = Buffer.from(JSON.stringify({ entries: list }), 'utf8');
  return Buffer.concat([prefix, seal(key, nonce, body, prefix)]);
}
