import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { NONCE_BYTES, seal, unseal } from './crypto';
import { parseBody } from './entries';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import { altered, decodeVault, encodePrefix, type DecodedVault, type VaultHeader } from './format';
import type { VaultEntry } from './types';

/** A vault's contents once decrypted. */
export interface State {
  header: VaultHeader;
  entries: VaultEntry[];
}

/** Which version of the file was read or written: changes whenever another process replaces it. */
export interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

const stampOf = (stats: Stats): FileStamp => ({ ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs });

export const sameStamp = (a: FileStamp | null, b: FileStamp | null): boolean =>
  a !== null && b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

export async function statStamp(path: string): Promise<FileStamp | null> {
  return stat(path).then(stampOf, () => null);
}

function readError(path: string, error: unknown): VaultError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new VaultError('NO_VAULT', words('vault.file.missing', { path }));
  if (code === 'EISDIR') return new VaultError('NOT_A_VAULT', words('vault.file.folder', { path }));
  return new VaultError(
    'IO',
    words('vault.file.unreadable', { path, code: code ?? words('vault.error.unknown') }),
    {
      cause: error,
    },
  );
}

/** The file's bytes and the stamp of that very version (one handle: no race with a rename in between). */
export async function readVaultFile(path: string): Promise<{ bytes: Buffer; stamp: FileStamp }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    return { bytes: await handle.readFile(), stamp: stampOf(stats) };
  } catch (error) {
    throw readError(path, error);
  } finally {
    await handle.close();
  }
}

export function decryptBody(key: Buffer, file: Buffer | DecodedVault, path: string): State {
  const { header, aad, sealed } = Buffer.isBuffer(file) ? decodeVault(file, path) : file;
  const plain = unseal(key, Buffer.from(header.nonce, 'base64'), sealed, aad);
  // The key opened a slot, so the header or the contents were changed after Twofold wrote them.
  if (plain === null) throw altered(path, 'vault.file.reason.keyMismatch');
  const damaged = new VaultError('CORRUPT', words('vault.file.damaged', { path }));
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
