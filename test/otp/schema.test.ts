import { describe, expect, it } from 'vitest';
import { otpAccountSchema, type OtpAccount } from '../../src/shared/otp';

const good: OtpAccount = {
  type: 'totp',
  issuer: 'ACME',
  account: 'alice',
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
};

describe('otpAccountSchema', () => {
  it('accepts a valid account, with or without an image', () => {
    expect(otpAccountSchema.parse(good)).toEqual(good);
    expect(otpAccountSchema.parse({ ...good, image: 'https://example.com/a.png' })).toHaveProperty('image');
  });

  it.each([
    ['a lowercase secret', { secret: 'jbswy3dpehpk3pxp' }],
    ['a padded secret', { secret: 'MFRGG===' }],
    ['an empty secret', { secret: '' }],
    ['an unknown type', { type: 'motp' }],
    ['an unknown algorithm', { algorithm: 'MD5' }],
    ['4 digits', { digits: 4 }],
    ['a fractional period', { period: 1.5 }],
    ['a negative counter', { counter: -1 }],
    ['a string for digits', { digits: '6' }],
  ])('refuses %s', (_name, change) => {
    expect(otpAccountSchema.safeParse({ ...good, ...change }).success).toBe(false);
  });
});
