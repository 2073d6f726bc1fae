import { words, type PersonFacingMessage } from '../person-facing-error';
import { base32 } from '@scure/base';
import { OtpInputError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** How a character reads in an error message: itself when visible, else in words (never a code point). */
function describeChar(char: string): PersonFacingMessage {
  if (char === ' ' || char === '\u00a0') return words('vault.otp.char.space');
  if (char === '\t') return words('vault.otp.char.tab');
  if (char === '\n' || char === '\r') return words('vault.otp.char.lineBreak');
  const code = char.codePointAt(0) ?? 0;
  return code > 0x20 && code !== 0x7f && !/[\s\p{Cf}\p{Cc}]/u.test(char)
    ? words('vault.otp.char.quoted', { char })
    : words('vault.otp.char.invisible');
}

/** Common slips when copying a secret by eye. */
const LOOKALIKES: Record<string, string> = { '0': 'O', '1': 'I', '8': 'B' };

/**
 * Brings a Base32 secret as people type or paste it into canonical form:
 * uppercase, no spaces, dashes or `=` padding. Anything else is refused with
 * the offending character named.
 */
export function normalizeBase32(input: string): string {
  const cleaned = input.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (cleaned.length === 0) throw new OtpInputError(words('vault.otp.secretEmpty'));
  let position = 0;
  for (const char of cleaned) {
    position++;
    if (!ALPHABET.includes(char)) {
      const suggestion = LOOKALIKES[char];
      const character = describeChar(char);
      throw new OtpInputError(
        suggestion
          ? words('vault.otp.base32Lookalike', { position: String(position), character, suggestion })
          : words('vault.otp.base32Character', { position: String(position), character }),
      );
    }
  }
  // 1, 3 and 6 leftover characters cannot come from whole bytes.
  if ([1, 3, 6].includes(cleaned.length % 8)) {
    throw new OtpInputError(words('vault.otp.base32Length'));
  }
  return cleaned;
}

/**
 * Decodes a Base32 secret (tolerant of case, spaces, dashes and padding) to bytes.
 * Unused bits in the last character are ignored, as Google Authenticator and
 * oathtool do, rather than refused as a strict decoder would.
 */
export function decodeBase32(input: string): Uint8Array {
  const canonical = normalizeBase32(input);
  const bytes = new Uint8Array(Math.floor((canonical.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < canonical.length; i++) {
    buffer = ((buffer << 5) | ALPHABET.indexOf(canonical.charAt(i))) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

/** Encodes bytes as canonical Base32 without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  return base32.encode(bytes).replace(/=+$/, '');
}
