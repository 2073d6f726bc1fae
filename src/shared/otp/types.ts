export const HASH_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** `steam` is TOTP with Steam Guard's 5-character alphabet instead of digits. */
export const OTP_TYPES = ['totp', 'hotp', 'steam'] as const;
export type OtpType = (typeof OTP_TYPES)[number];

/** Everything needed to compute codes, with the secret already decoded. */
export interface OtpKey {
  readonly type: OtpType;
  readonly secret: Uint8Array;
  readonly algorithm: HashAlgorithm;
  readonly digits: number;
  /** Seconds per step (TOTP and Steam). */
  readonly period: number;
}

export const DEFAULT_ALGORITHM: HashAlgorithm = 'SHA1';
export const DEFAULT_DIGITS = 6;
export const DEFAULT_PERIOD = 30;
export const STEAM_DIGITS = 5;
export const MIN_DIGITS = 5;
export const MAX_DIGITS = 10;
export const MIN_PERIOD = 1;
export const MAX_PERIOD = 86_400;
