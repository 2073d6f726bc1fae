import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import {
  createOtpEngine,
  decodeBase32,
  generateSecret,
  MAX_WINDOW,
  OtpInputError,
  secondsRemaining,
  timeStep,
  type OtpKey,
} from '../../src/shared/otp';

const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const totpKey = (overrides: Partial<OtpKey> = {}): OtpKey => ({
  type: 'totp',
  secret: decodeBase32(RFC_SECRET),
  algorithm: 'SHA1',
  digits: 8,
  period: 30,
  ...overrides,
});

describe('HOTP counters', () => {
  const key = totpKey({ type: 'hotp', digits: 6 });

  it('handles counters past 2^32 (values from oathtool -c)', () => {
    expect(nodeOtpEngine.hotp(key, 4294967295)).toBe('117190');
    expect(nodeOtpEngine.hotp(key, 4294967296)).toBe('999456');
    expect(nodeOtpEngine.hotp(key, Number.MAX_SAFE_INTEGER)).toBe('891307');
  });

  it('refuses negative, fractional and unsafe counters with OtpInputError', () => {
    for (const counter of [-1, 1.5, Number.NaN, 2 ** 53, Infinity]) {
      expect(() => nodeOtpEngine.hotp(key, counter), String(counter)).toThrow(OtpInputError);
    }
  });

  it('verifies within the look-ahead and says which counter matched', () => {
    const code = nodeOtpEngine.hotp(key, 7);
    expect(nodeOtpEngine.verifyHotp(key, code, 7)).toEqual({ counter: 7 });
    expect(nodeOtpEngine.verifyHotp(key, code, 5, 2)).toEqual({ counter: 7 });
    expect(nodeOtpEngine.verifyHotp(key, code, 5, 1)).toBeNull();
    expect(nodeOtpEngine.verifyHotp(key, code, 8, 10)).toBeNull();
  });
});

describe('TOTP verification', () => {
  const key = totpKey();
  const time = 1_111_111_111; // step 37037037, 29 s into it
  const step = timeStep(time, 30);

  it('matches the current step with delta 0 and returns the absolute step', () => {
    expect(nodeOtpEngine.verifyTotp(key, '14050471', { time })).toEqual({ step, delta: 0 });
  });

  it('accepts ±1 step by default and reports which one', () => {
    const previous = nodeOtpEngine.atStep(key, step - 1);
    const next = nodeOtpEngine.atStep(key, step + 1);
    expect(nodeOtpEngine.verifyTotp(key, previous, { time })).toEqual({ step: step - 1, delta: -1 });
    expect(nodeOtpEngine.verifyTotp(key, next, { time })).toEqual({ step: step + 1, delta: 1 });
  });

  it('refuses codes two steps away unless the window is wider', () => {
    const old = nodeOtpEngine.atStep(key, step - 2);
    expect(nodeOtpEngine.verifyTotp(key, old, { time })).toBeNull();
    expect(nodeOtpEngine.verifyTotp(key, old, { time, window: 2 })).toEqual({ step: step - 2, delta: -2 });
    expect(nodeOtpEngine.verifyTotp(key, '14050471', { time, window: 0 })).toEqual({ step, delta: 0 });
  });

  it('never matches a step at or before the last accepted one (replay)', () => {
    const previous = nodeOtpEngine.atStep(key, step - 1);
    const current = nodeOtpEngine.atStep(key, step);
    expect(nodeOtpEngine.verifyTotp(key, previous, { time, after: step - 1 })).toBeNull();
    expect(nodeOtpEngine.verifyTotp(key, current, { time, after: step - 1 })).toEqual({ step, delta: 0 });
    expect(nodeOtpEngine.verifyTotp(key, current, { time, after: step })).toBeNull();
  });

  it('tolerates spaces in a typed code, refuses wrong lengths and wrong codes', () => {
    expect(nodeOtpEngine.verifyTotp(key, '1405 0471', { time })).toEqual({ step, delta: 0 });
    expect(nodeOtpEngine.verifyTotp(key, '1405047', { time })).toBeNull();
    expect(nodeOtpEngine.verifyTotp(key, '14050472', { time })).toBeNull();
    expect(nodeOtpEngine.verifyTotp(key, '', { time })).toBeNull();
  });

  it('never looks before step 0', () => {
    expect(nodeOtpEngine.verifyTotp(key, nodeOtpEngine.atStep(key, 0), { time: 5 })).toEqual({
      step: 0,
      delta: 0,
    });
  });

  it('uses the injected clock when no time is given', () => {
    const engine = createOtpEngine({ clock: { now: () => 59 } });
    expect(engine.totp(key)).toBe('94287082');
    expect(engine.verifyTotp(key, '94287082')).toEqual({ step: 1, delta: 0 });
  });

  it('refuses bad windows and times with OtpInputError', () => {
    for (const window of [-1, 0.5, MAX_WINDOW + 1]) {
      expect(() => nodeOtpEngine.verifyTotp(key, '14050471', { time, window })).toThrow(OtpInputError);
    }
    for (const bad of [-1, Number.NaN, Infinity]) {
      expect(() => nodeOtpEngine.totp(key, bad)).toThrow(OtpInputError);
    }
  });

  it('verifies Steam codes case-insensitively', () => {
    const steam = totpKey({
      type: 'steam',
      digits: 5,
      secret: decodeBase32('63BEDWCQZKTQWPESARIERL5DTTQFCJTK'),
    });
    expect(nodeOtpEngine.verifyTotp(steam, 'fr8rv', { time: 1511200518 })).toEqual({
      step: timeStep(1511200518, 30),
      delta: 0,
    });
  });
});

describe('key validation', () => {
  it.each([
    ['digits 4', { digits: 4 }, /Digits must be a whole number from 5 to 10, not 4/],
    ['digits 11', { digits: 11 }, /not 11/],
    ['Steam with 6 digits', { type: 'steam' as const, digits: 6 }, /Steam Guard codes have 5/],
    ['period 0', { period: 0 }, /period must be a whole number of seconds from 1 to 86400, not 0/],
    ['period 86401', { period: 86_401 }, /not 86401/],
    ['empty secret', { secret: new Uint8Array() }, /secret is empty/],
  ])('refuses %s', (_name, overrides, message) => {
    expect(() => nodeOtpEngine.totp(totpKey(overrides), 59)).toThrow(message);
    expect(() => nodeOtpEngine.totp(totpKey(overrides), 59)).toThrow(OtpInputError);
  });

  it('computes 5 to 10 digits and any period up to a day', () => {
    for (let digits = 5; digits <= 10; digits++) {
      expect(nodeOtpEngine.totp(totpKey({ digits }), 59)).toMatch(new RegExp(`^\\d{${digits}}$`));
    }
    expect(nodeOtpEngine.totp(totpKey({ period: 1 }), 1)).toBe(nodeOtpEngine.hotp(totpKey(), 1));
    expect(nodeOtpEngine.totp(totpKey({ period: 86_400 }), 86_400 * 3 + 5)).toBe(
      nodeOtpEngine.hotp(totpKey(), 3),
    );
  });
});

describe('secondsRemaining', () => {
  it('counts whole seconds left in the step, from period down to 1', () => {
    expect(secondsRemaining(0, 30)).toBe(30);
    expect(secondsRemaining(29, 30)).toBe(1);
    expect(secondsRemaining(29.9, 30)).toBe(1);
    expect(secondsRemaining(30, 30)).toBe(30);
    expect(secondsRemaining(59.5, 30)).toBe(1);
    expect(secondsRemaining(1_111_111_111, 60)).toBe(29);
    expect(secondsRemaining(12.5, 1)).toBe(1);
  });
});

describe('generateSecret', () => {
  it('gives 160 bits of Base32 by default from the caller’s random source', () => {
    const secret = generateSecret(randomBytes);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeBase32(secret)).toHaveLength(20);
    expect(generateSecret(randomBytes)).not.toBe(secret);
    expect(decodeBase32(generateSecret(randomBytes, 32))).toHaveLength(32);
  });

  it('encodes exactly the bytes it was given', () => {
    const fixed = (length: number) => new Uint8Array(length).fill(0xff);
    expect(generateSecret(fixed, 10)).toBe('7777777777777777');
  });

  it('refuses lengths too short to be safe', () => {
    expect(() => generateSecret(randomBytes, 4)).toThrow(OtpInputError);
  });
});
