import { createGuardrails, type CryptoPlugin, type HashAlgorithm as OtplibAlgorithm } from '@otplib/core';
import { generateSync } from '@otplib/hotp';
import { NobleCryptoPlugin } from '@otplib/plugin-crypto-noble';
import { OtpInputError } from './errors';
import type { HashAlgorithm, OtpKey } from './types';
import { MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, MIN_PERIOD, STEAM_DIGITS } from './types';

const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/** Steam Guard: the truncated HMAC written in base 26 over Steam's alphabet, least significant first. */
function encodeSteam(truncated: number, length: number): string {
  let value = truncated;
  let code = '';
  for (let i = 0; i < length; i++) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}

// Real-world secrets are often 80 bits (JBSWY3DPEHPK3PXP); otplib's default
// refuses under 128. The engine computes whatever the account uses; a UI may warn.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES: 1024, MAX_PERIOD });
const steamHooks = { encodeToken: encodeSteam };

const otplibAlgorithm: Record<HashAlgorithm, OtplibAlgorithm> = {
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA512: 'sha512',
};

export interface Clock {
  /** Current Unix time in seconds (may be fractional). */
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() / 1000 };

export interface TotpMatch {
  /** The absolute time step (floor(time / period)) that matched: store it to refuse replays. */
  readonly step: number;
  /** Offset from the current step: negative for a code from the past. */
  readonly delta: number;
}

export interface HotpMatch {
  readonly counter: number;
}

export interface OtpEngine {
  /** The code for a HOTP counter. */
  hotp(key: OtpKey, counter: number): string;
  /** The code for a time step (TOTP or Steam). */
  atStep(key: OtpKey, step: number): string;
  /** The code at a Unix time in seconds (TOTP or Steam). */
  totp(key: OtpKey, time?: number): string;
  /** Which step in [current - window, current + window] the token matches, or null. */
  verifyTotp(key: OtpKey, token: string, options?: { time?: number; window?: number }): TotpMatch | null;
  /** Which counter in [counter, counter + lookAhead] the token matches, or null. */
  verifyHotp(key: OtpKey, token: string, counter: number, lookAhead?: number): HotpMatch | null;
}

export interface EngineOptions {
  /** HMAC provider; defaults to a pure-JS one that runs anywhere. Node callers pass otplib's Node crypto plugin. */
  crypto?: CryptoPlugin;
  clock?: Clock;
}

export function timeStep(time: number, period: number): number {
  return Math.floor(time / period);
}

/** Whole seconds left in the current step (1…period). */
export function secondsRemaining(time: number, period: number): number {
  return period - Math.floor(time % period);
}

export function validateKey(key: OtpKey): void {
  if (key.secret.length === 0) throw new OtpInputError('The secret is empty.');
  const digitsOk =
    key.type === 'steam' ? key.digits === STEAM_DIGITS : key.digits >= MIN_DIGITS && key.digits <= MAX_DIGITS;
  if (!Number.isInteger(key.digits) || !digitsOk) {
    throw new OtpInputError(
      `Digits must be a whole number from ${MIN_DIGITS} to ${MAX_DIGITS}, not ${key.digits}.`,
    );
  }
  if (!Number.isInteger(key.period) || key.period < MIN_PERIOD || key.period > MAX_PERIOD) {
    throw new OtpInputError(
      `The period must be a whole number of seconds from ${MIN_PERIOD} to ${MAX_PERIOD}.`,
    );
  }
}

/** Compares two codes without leaking where they differ. */
function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function normalizeToken(token: string): string {
  return token.replace(/\s/g, '').toUpperCase();
}

export function createOtpEngine(options: EngineOptions = {}): OtpEngine {
  const crypto = options.crypto ?? new NobleCryptoPlugin();
  const clock = options.clock ?? systemClock;

  const hotp = (key: OtpKey, counter: number): string =>
    generateSync({
      secret: key.secret,
      counter,
      algorithm: otplibAlgorithm[key.algorithm],
      digits: key.digits,
      crypto,
      guardrails,
      ...(key.type === 'steam' ? { hooks: steamHooks } : {}),
    });

  const atStep = (key: OtpKey, step: number): string => hotp(key, step);

  return {
    hotp,
    atStep,
    totp(key, time = clock.now()) {
      return atStep(key, timeStep(time, key.period));
    },
    verifyTotp(key, token, { time = clock.now(), window = 1 } = {}) {
      const wanted = normalizeToken(token);
      if (wanted.length !== key.digits) return null;
      const current = timeStep(time, key.period);
      // Check every candidate so timing does not reveal which step matched.
      let match: TotpMatch | null = null;
      for (let delta = -window; delta <= window; delta++) {
        const step = current + delta;
        if (step < 0) continue;
        if (sameCode(atStep(key, step), wanted) && match === null) match = { step, delta };
      }
      return match;
    },
    verifyHotp(key, token, counter, lookAhead = 0) {
      const wanted = normalizeToken(token);
      if (wanted.length !== key.digits) return null;
      for (let c = counter; c <= counter + lookAhead; c++) {
        if (sameCode(hotp(key, c), wanted)) return { counter: c };
      }
      return null;
    },
  };
}
