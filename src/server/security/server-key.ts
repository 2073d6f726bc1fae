import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { MetaStore } from '../db/meta';
import type { SecretBox } from './secret-box';
import { PersonFacingError } from '../../shared/person-facing-error';

export const SERVER_KEY_BYTES = 32;

export class ServerKeyError extends PersonFacingError {
  override name = 'ServerKeyError';
  declare readonly code: 'SERVER_KEY';
  constructor(message: string) {
    super('SERVER_KEY', message);
  }
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== SERVER_KEY_BYTES) {
    throw new ServerKeyError(`${where} must hold a 256-bit key (64 hex digits or 44 base64 characters).`);
  }
  return key;
}

/**
 * The key that encrypts TOTP secrets, kept outside the database: from
 * TWOFOLD_SERVER_KEY, or a file beside the database created (mode 0600) on first start.
 */
export function loadServerKey(keyPath: string, fromEnv: string | undefined): Buffer {
  if (fromEnv !== undefined && fromEnv !== '') return decodeKey(fromEnv, 'TWOFOLD_SERVER_KEY');
  if (!existsSync(keyPath)) {
    // 'wx' refuses to overwrite a key another process just created.
    writeFileSync(keyPath, `${randomBytes(SERVER_KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(keyPath, 0o600);
  }
  const mode = statSync(keyPath).mode & 0o077;
  if (mode !== 0) {
    throw new ServerKeyError(`The server key file ${keyPath} is readable by others: run chmod 600 on it.`);
  }
  return decodeKey(readFileSync(keyPath, 'utf8'), `The server key file ${keyPath}`);
}

/**
 * Refuses to run with a different key than the database was first used with:
 * every TOTP secret would fail to decrypt, locking out every 2FA account.
 */
export async function checkServerKey(meta: MetaStore, box: SecretBox): Promise<void> {
  const expected = box.mac('twofold/server-key-check');
  // The first process to start records its key's check value; every later one (here or on
  // another machine sharing the database) must match it.
  const recorded = await meta.setIfAbsent('server_key_check', expected);
  if (recorded !== expected) {
    throw new ServerKeyError(
      'The server key does not match the one this database was created with (TWOFOLD_SERVER_KEY or the .key file beside the database); 2FA secrets cannot be read with it.',
    );
  }
}
