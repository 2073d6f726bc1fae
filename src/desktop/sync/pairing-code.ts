import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { words as say } from '../../shared/person-facing-error';
import { SyncError } from './errors';

/**
 * The sync code: the 16-byte seed of the sync key as 12 BIP-39 words (their last 4 bits are a
 * checksum, so a mistyped or swapped word is caught before anything is tried). It travels from
 * one screen to the other (typed, or scanned from its QR code), never through the folder.
 */
export const SEED_BYTES = 16;

export function codeOfSeed(seed: Uint8Array): string {
  return entropyToMnemonic(seed, wordlist);
}

/** The seed in a code as a person typed it: case, extra spaces, commas and line breaks do not matter. */
export function seedOfCode(code: string): Uint8Array {
  const words = code
    .toLowerCase()
    .split(/[\s,.;:-]+/)
    .filter((word) => word !== '');
  if (words.length !== 12)
    throw new SyncError('BAD_CODE', say('settings.sync.error.wordCount', { count: words.length }));
  const unknown = words.find((word) => !wordlist.includes(word));
  if (unknown !== undefined)
    throw new SyncError('BAD_CODE', say('settings.sync.error.unknownWord', { word: unknown.slice(0, 20) }));
  const phrase = words.join(' ');
  if (!validateMnemonic(phrase, wordlist))
    throw new SyncError('BAD_CODE', say('settings.sync.error.checksum'));
  return mnemonicToEntropy(phrase, wordlist);
}
