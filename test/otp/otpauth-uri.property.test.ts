import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOtpauthUri, otpAccountSchema, OtpInputError, parseOtpauthUri } from '../../src/shared/otp';
import { accountArbitrary, colonIssuerLinkArbitrary, expectedAfterRoundTrip } from './arbitraries';

/** Fixed, so a failure names the same case on every run. */
const COLON_SEED = 20_001;

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

  it('an issuer holding a colon, written raw in the label as other apps do, reads back whole (seeded)', () => {
    fc.assert(
      fc.property(colonIssuerLinkArbitrary, ({ link, issuer, account }) => {
        const first = parseOtpauthUri(link);
        expect(first.account).toMatchObject({ issuer: issuer.trim(), account: account.trim() });
        expect(first.warnings).toEqual([]);
        // import → export → import gives the same entry.
        expect(parseOtpauthUri(formatOtpauthUri(first.account)).account).toEqual(first.account);
      }),
      { numRuns: 500, seed: COLON_SEED },
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
