import { decodeBase32 } from './base32';
import type { HashAlgorithm, OtpKey, OtpType } from './types';

/** One account as an authenticator keeps it: who the code is for and how to compute it. */
export interface OtpAccount {
  readonly type: OtpType;
  /** The domain or service the code is for; may be empty. */
  readonly issuer: string;
  /** The login at that issuer. */
  readonly account: string;
  /** Canonical Base32: uppercase, no padding. */
  readonly secret: string;
  readonly algorithm: HashAlgorithm;
  readonly digits: number;
  readonly period: number;
  /** HOTP only: the next counter to use. */
  readonly counter: number;
  /** An icon URL from the link; kept, never fetched. */
  readonly image?: string;
}

export function keyOf(account: OtpAccount): OtpKey {
  return {
    type: account.type,
    secret: decodeBase32(account.secret),
    algorithm: account.algorithm,
    digits: account.digits,
    period: account.period,
  };
}
