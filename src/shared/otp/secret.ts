import { words } from '../person-facing-error';
import { encodeBase32 } from './base32';
import { OtpInputError } from './errors';

/** RFC 4226 recommends 160 bits: the length of a SHA1 output. */
export const DEFAULT_SECRET_BYTES = 20;

/**
 * A fresh shared secret in canonical Base32. The caller passes its platform's
 * cryptographic random source (node:crypto randomBytes, crypto.getRandomValues),
 * since src/shared has none of its own.
 */
export function generateSecret(
  randomBytes: (length: number) => Uint8Array,
  bytes: number = DEFAULT_SECRET_BYTES,
): string {
  if (!Number.isInteger(bytes) || bytes < 10 || bytes > 128) {
    throw new OtpInputError(words('vault.otp.secretSize', { bytes: String(bytes) }));
  }
  const random = randomBytes(bytes);
  if (random.length !== bytes) throw new OtpInputError(words('vault.otp.randomShort'));
  return encodeBase32(random);
}
