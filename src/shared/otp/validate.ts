import { OtpInputError } from './errors';
import type { HashAlgorithm, OtpKey } from './types';
import { HASH_ALGORITHMS, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, MIN_PERIOD, STEAM_DIGITS } from './types';

/** Longer secrets than this are not keys anyone issues; refusing them bounds the work per code. */
export const MAX_SECRET_BYTES = 1024;

const ALGORITHMS: ReadonlySet<HashAlgorithm> = new Set(HASH_ALGORITHMS);

/** The largest verification window accepted, in steps either side: wider windows mostly help guessing. */
export const MAX_WINDOW = 100;

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Checks what otplib would otherwise reject with its own, less readable errors. */
export function validateKey(key: OtpKey): void {
  if (key.secret.length === 0) throw new OtpInputError('The secret is empty.');
  if (key.secret.length > MAX_SECRET_BYTES) {
    throw new OtpInputError(`The secret is longer than ${MAX_SECRET_BYTES} bytes.`);
  }
  if (!ALGORITHMS.has(key.algorithm)) {
    throw new OtpInputError(`The algorithm "${String(key.algorithm)}" is not one of SHA1, SHA256 or SHA512.`);
  }
  if (key.type === 'steam') {
    if (key.digits !== STEAM_DIGITS) {
      throw new OtpInputError(`Steam Guard codes have ${STEAM_DIGITS} characters, not ${key.digits}.`);
    }
  } else if (!isWhole(key.digits, MIN_DIGITS, MAX_DIGITS)) {
    throw new OtpInputError(
      `Digits must be a whole number from ${MIN_DIGITS} to ${MAX_DIGITS}, not ${key.digits}.`,
    );
  }
  if (!isWhole(key.period, MIN_PERIOD, MAX_PERIOD)) {
    throw new OtpInputError(
      `The period must be a whole number of seconds from ${MIN_PERIOD} to ${MAX_PERIOD}, not ${key.period}.`,
    );
  }
}

export function validateCounter(counter: number): void {
  // Counters are 64-bit in RFC 4226; beyond 2^53 a JS number can no longer hold them exactly.
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new OtpInputError(`The counter must be a whole number from 0 to 2^53 − 1, not ${counter}.`);
  }
}

export function validateTime(time: number): void {
  if (!Number.isFinite(time) || time < 0) {
    throw new OtpInputError(`The time must be Unix seconds from 0 on, not ${time}.`);
  }
}

export function validateWindow(window: number): void {
  if (!isWhole(window, 0, MAX_WINDOW)) {
    throw new OtpInputError(
      `The window must be a whole number of steps from 0 to ${MAX_WINDOW}, not ${window}.`,
    );
  }
}
