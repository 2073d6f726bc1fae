import { createGuardrails, type CryptoPlugin, type HashAlgorithm as OtplibAlgorithm } from '@otplib/core';
import { generateSync } from '@otplib/hotp';
import { NobleCryptoPlugin } from '@otplib/plugin-crypto-noble';
import { OtpInputError } from './errors';
import { encodeSteam } from './steam';
import type { HashAlgorithm, OtpKey } from './types';
import { MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, MIN_PERIOD, STEAM_DIGITS } from './types';

// Real-world secrets are often 80 bits (JBSWY3DPEHPK3PXP); otplib's default
// refuses under 128. The engine computes whatever the account uses; a UI may warn.
const MAX_SECRET_BYTES = 1024;
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES, MAX_PERIOD });
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

/** The largest verification window accepted, in steps either side: wider windows mostly help guessing. */
export const MAX_WINDOW = 100;

/** The absolute time step for a Unix time: the counter TOTP feeds to HOTP. */
export function timeStep(time: number, period: number): number {
  return Math.floor(time / period);
}

/** Whole seconds left in the current step (1…period). */
export function secondsRemaining(time: number, period: number): number {
  const into = ((time % period) + period) % period;
  return period - Math.floor(into);
}

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Checks what otplib would otherwise reject with its own, less readable errors. */
export function validateKey(key: OtpKey): void {
  if (key.secret.length === 0) throw new OtpInputError('The secret is empty.');
  if (key.secret.length > MAX_SECRET_BYTES) {
    throw new OtpInputError(`The secret is longer than ${MAX_SECRET_BYTES} bytes.`);
  }
  if (!(key.algorithm in otplibAlgorithm)) {
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

function validateCounter(counter: number): void {
  // Counters are 64-bit in RFC 4226; beyond 2^53 a JS number can no longer hold them exactly.
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new OtpInputError(`The counter must be a whole number from 0 to 2^53 − 1, not ${counter}.`);
  }
}

function validateTime(time: number): void {
  if (!Number.isFinite(time) || time < 0) {
    throw new OtpInputError(`The time must be Unix seconds from 0 on, not ${time}.`);
  }
}

function validateWindow(window: number): void {
  if (!isWhole(window, 0, MAX_WINDOW)) {
    throw new OtpInputError(
      `The window must be a whole number of steps from 0 to ${MAX_WINDOW}, not ${window}.`,
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

/** People read codes out with spaces ("123 456"); Steam codes are uppercase. */
function normalizeToken(token: string): string {
  return token.replace(/\s/g, '').toUpperCase();
}

export function createOtpEngine(options: EngineOptions = {}): OtpEngine {
  const crypto = options.crypto ?? new NobleCryptoPlugin();
  const clock = options.clock ?? systemClock;

  // Unchecked: callers below validate once, so verification does not re-check per step.
  const compute = (key: OtpKey, counter: number): string =>
    generateSync({
      secret: key.secret,
      counter,
      algorithm: otplibAlgorithm[key.algorithm],
      digits: key.digits,
      crypto,
      guardrails,
      ...(key.type === 'steam' ? { hooks: steamHooks } : {}),
    });

  const hotp = (key: OtpKey, counter: number): string => {
    validateKey(key);
    validateCounter(counter);
    return compute(key, counter);
  };

  const atStep = (key: OtpKey, step: number): string => hotp(key, step);

  return {
    hotp,
    atStep,
    totp(key, time = clock.now()) {
      validateTime(time);
      return atStep(key, timeStep(time, key.period));
    },
    verifyTotp(key, token, { time = clock.now(), window = 1 } = {}) {
      validateKey(key);
      validateTime(time);
      validateWindow(window);
      const wanted = normalizeToken(token);
      if (wanted.length !== key.digits) return null;
      const current = timeStep(time, key.period);
      // Check every candidate so timing does not reveal which step matched.
      let match: TotpMatch | null = null;
      // Counting up from 0 keeps delta a plain 0 (never -0) when the window is 0.
      for (let offset = 0; offset <= 2 * window; offset++) {
        const delta = offset - window;
        const step = current + delta;
        if (step < 0 || !Number.isSafeInteger(step)) continue;
        if (sameCode(compute(key, step), wanted) && match === null) match = { step, delta };
      }
      return match;
    },
    verifyHotp(key, token, counter, lookAhead = 0) {
      validateKey(key);
      validateCounter(counter);
      validateWindow(lookAhead);
      const wanted = normalizeToken(token);
      if (wanted.length !== key.digits) return null;
      let match: HotpMatch | null = null;
      for (let c = counter; c <= counter + lookAhead && Number.isSafeInteger(c); c++) {
        if (sameCode(compute(key, c), wanted) && match === null) match = { counter: c };
      }
      return match;
    },
  };
}
