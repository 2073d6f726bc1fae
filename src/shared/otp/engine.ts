import { createGuardrails, type CryptoPlugin, type HashAlgorithm as OtplibAlgorithm } from '@otplib/core';
import { generateSync } from '@otplib/hotp';
import { NobleCryptoPlugin } from '@otplib/plugin-crypto-noble';
import { encodeSteam } from './steam';
import type { HashAlgorithm, OtpKey } from './types';
import { MAX_PERIOD } from './types';
import { systemClock, timeStep, type Clock } from './time';
import { MAX_SECRET_BYTES, validateCounter, validateKey, validateTime, validateWindow } from './validate';

// Real-world secrets are often 80 bits (JBSWY3DPEHPK3PXP); otplib's default
// refuses under 128. The engine computes whatever the account uses; a UI may warn.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES, MAX_PERIOD });
const steamHooks = { encodeToken: encodeSteam };

const otplibAlgorithm: Record<HashAlgorithm, OtplibAlgorithm> = {
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA512: 'sha512',
};

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
  /**
   * Which step in [current - window, current + window] the token matches, or null.
   * `after`: the last step already accepted; it and earlier steps are never matched (replay).
   */
  verifyTotp(
    key: OtpKey,
    token: string,
    options?: { time?: number; window?: number; after?: number | undefined },
  ): TotpMatch | null;
  /** Which counter in [counter, counter + lookAhead] the token matches, or null. */
  verifyHotp(key: OtpKey, token: string, counter: number, lookAhead?: number): HotpMatch | null;
}

export interface EngineOptions {
  /** HMAC provider; defaults to a pure-JS one that runs anywhere. Node callers pass otplib's Node crypto plugin. */
  crypto?: CryptoPlugin;
  clock?: Clock;
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
    verifyTotp(key, token, { time = clock.now(), window = 1, after } = {}) {
      validateKey(key);
      validateTime(time);
      validateWindow(window);
      const wanted = normalizeToken(token);
      if (wanted.length !== key.digits) return null;
      const current = timeStep(time, key.period);
      // Nearest steps first (0, -1, +1, -2, …): a valid code usually costs one HMAC. Stopping
      // at a match reveals no more than the answer itself does; misses try every step.
      for (let distance = 0; distance <= window; distance++) {
        for (const delta of distance === 0 ? [0] : [-distance, distance]) {
          const step = current + delta;
          if (step < 0 || !Number.isSafeInteger(step) || (after !== undefined && step <= after)) continue;
          if (sameCode(compute(key, step), wanted)) return { step, delta };
        }
      }
      return null;
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
