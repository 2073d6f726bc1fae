import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under the server key. `context` (e.g. "user:42") is bound as
 * associated data, so a secret copied onto another row does not decrypt.
 */
export interface SecretBox {
  seal(plain: Uint8Array, context: string): Buffer;
  open(sealed: Uint8Array, context: string): Buffer;
  /** A keyed hash for lookup tokens (recovery codes, trusted devices): useless without the key. */
  mac(value: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  const encKey = createHmac('sha256', key).update('twofold/encrypt').digest();
  const macKey = createHmac('sha256', key).update('twofold/mac').digest();
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, context) {
      const data = Buffer.from(sealed);
      if (data[0] !== VERSION || data.length < 1 + IV_BYTES + TAG_BYTES) {
        throw new Error('An encrypted secret has an unknown format.');
      }
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    },
    mac(value) {
      return createHmac('sha256', macKey).update(value).digest('base64url');
    },
  };
}
