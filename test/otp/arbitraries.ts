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

/** An issuer with at least one colon in it, its edges not blank. */
export const colonIssuerArbitrary = fc
  .tuple(
    nameArbitrary,
    fc.array(fc.constantFrom(':', ': ', ' : '), { minLength: 1, maxLength: 2 }),
    nameArbitrary,
  )
  .map(([head, colons, tail]) => `${head}${colons.join('x')}${tail}`)
  .filter((issuer) => issuer.trim() !== '');

/**
 * A link as other apps write it for such an issuer: the label's colons raw (the issuer's and
 * the separator alike), the issuer parameter %-escaped, sometimes a space after the separator.
 */
export const colonIssuerLinkArbitrary = fc
  .record({
    issuer: colonIssuerArbitrary,
    account: nameArbitrary,
    space: fc.boolean(),
    secret: fc.uint8Array({ minLength: 10, maxLength: 20 }).map(encodeBase32),
  })
  .map(({ issuer, account, space, secret }) => {
    const raw = (text: string) => encodeURIComponent(text).replace(/%3A/g, ':');
    const label = `${raw(issuer)}:${space ? '%20' : ''}${raw(account)}`;
    return {
      issuer,
      account,
      link: `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`,
    };
  });
