import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** AES-256-GCM; the result is ciphertext followed by the 16-byte tag. */
export function seal(key: Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or null when the key is wrong or anything (data, nonce, aad) was changed. */
export function unseal(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < TAG_BYTES || key.length !== KEY_BYTES || nonce.length !== NONCE_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

export interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

/** N=2^15 is about 100 ms here: slow for guessing, quick enough to open a vault. */
export const DEFAULT_SCRYPT: ScryptParams = { n: 2 ** 15, r: 8, p: 1 };

export function deriveKey(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; leave headroom so Node's 32 MiB default does not refuse.
  const maxmem = 256 * params.n * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { N: params.n, r: params.r, p: params.p, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}
