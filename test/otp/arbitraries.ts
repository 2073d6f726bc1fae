import fc from 'fast-check';
import { encodeBase32, HASH_ALGORITHMS, OTP_TYPES, type OtpAccount } from '../../src/shared/otp';

// Names with the characters that break naive parsers: separators, escapes, Unicode.
export const tricky = fc.constantFrom(
  ':',
  '%',
  '%3A',
  '+',
  '&',
  '=',
  '?',
  '#',
  '/',
  ' ',
  'é',
  '中',
  '🔑',
  '\u00a0',
);
export const nameArbitrary = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), tricky), { maxLength: 8 })
  .map((parts) => parts.join(''));

export const accountArbitrary: fc.Arbitrary<OtpAccount> = fc
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
export function expectedAfterRoundTrip(account: OtpAccount): OtpAccount {
  return {
    ...account,
    issuer: account.issuer.trim(),
    account: account.account.trim(),
    digits: account.type === 'steam' ? 5 : account.digits,
    period: account.type === 'hotp' ? 30 : account.period,
    counter: account.type === 'hotp' ? account.counter : 0,
  };
}
