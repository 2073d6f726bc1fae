import { words } from '../person-facing-error';
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
  if (key.secret.length === 0) throw new OtpInputError(words('vault.otp.secretEmpty'));
  if (key.secret.length > MAX_SECRET_BYTES) {
    throw new OtpInputError(words('vault.otp.secretTooLong', { max: String(MAX_SECRET_BYTES) }));
  }
  if (!ALGORITHMS.has(key.algorithm)) {
    throw new OtpInputError(words('vault.otp.algorithm', { algorithm: String(key.algorithm) }));
  }
  if (key.type === 'steam') {
    if (key.digits !== STEAM_DIGITS) {
      throw new OtpInputError(
        words('vault.otp.steamDigits', { steam: String(STEAM_DIGITS), digits: String(key.digits) }),
      );
    }
  } else if (!isWhole(key.digits, MIN_DIGITS, MAX_DIGITS)) {
    throw new OtpInputError(
      words('vault.otp.digits', {
        min: String(MIN_DIGITS),
        max: String(MAX_DIGITS),
        digits: String(key.digits),
      }),
    );
  }
  if (!isWhole(key.period, MIN_PERIOD, MAX_PERIOD)) {
    throw new OtpInputError(
      words('vault.otp.period', {
        min: String(MIN_PERIOD),
        max: String(MAX_PERIOD),
        period: String(key.period),
      }),
    );
  }
}

export function validateCounter(counter: number): void {
  // Counters are 64-bit in RFC 4226; beyond 2^53 a JS number can no longer hold them exactly.
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new OtpInputError(words('vault.otp.counter', { counter: String(counter) }));
  }
}

export function validateTime(time: number): void {
  if (!Number.isFinite(time) || time < 0) {
    throw new OtpInputError(words('vault.otp.time', { time: String(time) }));
  }
}

export function validateWindow(window: number): void {
  if (!isWhole(window, 0, MAX_WINDOW)) {
    throw new OtpInputError(words('vault.otp.window', { max: String(MAX_WINDOW), window: String(window) }));
  }
}
