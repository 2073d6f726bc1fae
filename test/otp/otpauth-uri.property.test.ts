import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeBase32,
  formatOtpauthUri,
  HASH_ALGORITHMS,
  OTP_TYPES,
  otpAccountSchema,
  OtpInputError,
  parseOtpauthUri,
  type OtpAccount,
} from '../../src/shared/otp';

// Names with the characters that break naive parsers: separators, escapes, Unicode.
const tricky = fc.constantFrom(':', '%', '%3A', '+', '&', '=', '?', '#', '/', ' ', 'é', '中', '🔑', '\u00a0');
const nameArbitrary = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), tricky), { maxLength: 8 })
  .map((parts) => parts.join(''));

const accountArbitrary: fc.Arbitrary<OtpAccount> = fc
  .record({
    type: fc.constantFrom(...OTP_TYPES),
    issuer: nameArbitrary,
    account: nameArbitrary,
    secret: fc.uint8Array({ minLength: 1, maxLength: 64 }).map(encodeBase32),
    algorithm: fc.constantFrom(...HASH_ALGORITHMS),
    digits: fc.integer({ min: 5, max: 10 }),
    period: fc.integer({ min: 1, max: 86_400 }),
    counter: fc.maxSafeNat(),
    image: fc.option(fc.webUrl({ withQueryParameters: true, withFragments: true }), { nil: undefined }),
  })
  .map(({ image, ...account }) => (image === undefined ? account : { ...account, image }));

/** What a link can carry: trimmed names, a counter only for HOTP, a period only for time-based types. */
function expectedAfterRoundTrip(account: OtpAccount): OtpAccount {
  return {
    ...account,
    issuer: account.issuer.trim(),
    account: account.account.trim(),
    digits: account.type === 'steam' ? 5 : account.digits,
    period: account.type === 'hotp' ? 30 : account.period,
    counter: account.type === 'hotp' ? account.counter : 0,
  };
}

describe('otpauth links (properties)', () => {
  it('format → parse gives the same account back', () => {
    fc.assert(
      fc.property(accountArbitrary, (account) => {
        const parsed = parseOtpauthUri(formatOtpauthUri(account));
        expect(parsed.account).toEqual(expectedAfterRoundTrip(account));
        expect(parsed.warnings).toEqual([]);
        // What the parser gives is what the boundary schema accepts (vault, IPC).
        expect(otpAccountSchema.safeParse(parsed.account).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('format is canonical: formatting a parsed link gives the same link', () => {
    fc.assert(
      fc.property(accountArbitrary, (account) => {
        const link = formatOtpauthUri(account);
        expect(formatOtpauthUri(parseOtpauthUri(link).account)).toBe(link);
      }),
    );
  });

  it('garbage never throws anything but OtpInputError', () => {
    const linkish = fc
      .tuple(
        fc.constantFrom('otpauth://', 'OTPAUTH://', 'otpauth:/', ''),
        fc.constantFrom('totp', 'hotp', 'steam', 'x', ''),
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 10 }),
            fc.constantFrom('/', ':', '?', '&', '=', '%', '%3A', '%E0%A4', '%zz', '#', '+'),
            fc.constantFrom(
              'secret=',
              'secret=JBSWY3DPEHPK3PXP',
              'digits=',
              'period=',
              'counter=',
              'algorithm=',
            ),
            fc.constantFrom('issuer=', 'encoder=steam', 'image=', 'digits=99', 'period=0', 'counter=-1'),
          ),
          { maxLength: 12 },
        ),
      )
      .map(([scheme, type, parts]) => scheme + type + parts.join(''));
    fc.assert(
      fc.property(fc.oneof(linkish, fc.string({ unit: 'binary' })), (text) => {
        try {
          const { account } = parseOtpauthUri(text);
          // Whatever parses must be usable as is.
          expect(account.secret).toMatch(/^[A-Z2-7]+$/);
          expect(otpAccountSchema.parse(account)).toEqual(account);
        } catch (error) {
          expect(error).toBeInstanceOf(OtpInputError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
