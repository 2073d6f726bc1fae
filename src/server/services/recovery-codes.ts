import { randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Lowercase base32 without look-alikes' ambiguity: 10 characters = 50 bits each.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** `abcde-fghij`: easy to read aloud and to type. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = '';
    for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** What people type: any case, with or without the dash and spaces. Null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  return /^[a-z2-7]{10}$/.test(compact) ? compact : null;
}
