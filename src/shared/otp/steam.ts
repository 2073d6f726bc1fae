/** Steam Guard's alphabet: digits and consonants that cannot be misread for one another. */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/**
 * Steam Guard: the same 31-bit dynamic truncation as RFC 4226, written in base 26
 * over Steam's alphabet, least significant character first.
 */
export function encodeSteam(truncated: number, length: number): string {
  let value = truncated;
  let code = '';
  for (let i = 0; i < length; i++) {
    code += STEAM_ALPHABET.charAt(value % STEAM_ALPHABET.length);
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}
