import { base32 } from '@scure/base';
import { OtpInputError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Brings a Base32 secret as people type or paste it into canonical form:
 * uppercase, no spaces, dashes or `=` padding. Anything else is refused with
 * the offending character named.
 */
export function normalizeBase32(input: string): string {
  const cleaned = input.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (cleaned.length === 0) throw new OtpInputError('The secret is empty.');
  for (const char of cleaned) {
    if (!ALPHABET.includes(char)) {
      throw new OtpInputError(`The secret has a character that base32 does not use: ${char}`);
    }
  }
  // 1, 3 and 6 leftover characters cannot come from whole bytes.
  if ([1, 3, 6].includes(cleaned.length % 8)) {
    throw new OtpInputError(
      'The secret has the wrong length for base32: a character may be missing or extra.',
    );
  }
  return cleaned;
}

/** Decodes a Base32 secret (tolerant of case, spaces, dashes and padding) to bytes. */
export function decodeBase32(input: string): Uint8Array {
  const canonical = normalizeBase32(input);
  const padded = canonical.padEnd(Math.ceil(canonical.length / 8) * 8, '=');
  return base32.decode(padded);
}

/** Encodes bytes as canonical Base32 without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  return base32.encode(bytes).replace(/=+$/, '');
}
