import { describe, expect, it } from 'vitest';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { createOtpEngine, decodeBase32, type HashAlgorithm, type OtpKey } from '../../src/shared/otp';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

// Both HMAC providers: the pure-JS default (renderer, anywhere) and Node's native one.
const engines = [
  ['noble (pure JS)', createOtpEngine()],
  ['node:crypto', nodeOtpEngine],
] as const;

// RFC 4226 appendix D: secret "12345678901234567890", counters 0–9.
const RFC4226 = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

// RFC 6238 appendix B: the seed is the ASCII digits repeated to the hash's length.
const RFC6238_SEEDS: Record<HashAlgorithm, string> = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
};
const RFC6238: [number, Record<HashAlgorithm, string>][] = [
  [59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
  [1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
  [1111111111, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
  [1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
  [2000000000, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
  [20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
];

describe.each(engines)('RFC test vectors with %s', (_name, engine) => {
  it('gives every RFC 4226 HOTP value', () => {
    const key: OtpKey = {
      type: 'hotp',
      secret: ascii('12345678901234567890'),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    };
    expect(RFC4226.map((_, counter) => engine.hotp(key, counter))).toEqual(RFC4226);
  });

  for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
    it(`gives every RFC 6238 TOTP value for ${algorithm}`, () => {
      const key: OtpKey = {
        type: 'totp',
        secret: ascii(RFC6238_SEEDS[algorithm]),
        algorithm,
        digits: 8,
        period: 30,
      };
      for (const [time, codes] of RFC6238) {
        expect(engine.totp(key, time), `t=${time}`).toBe(codes[algorithm]);
      }
    });
  }

  it('gives Steam Guard codes', () => {
    const key: OtpKey = {
      type: 'steam',
      secret: decodeBase32('63BEDWCQZKTQWPESARIERL5DTTQFCJTK'),
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
    };
    expect(engine.totp(key, 1511200518)).toBe('FR8RV');
    expect(engine.totp(key, 1511200714)).toBe('9P3VP');
  });

  it('accepts an 80-bit secret, as real sites issue', () => {
    const key: OtpKey = {
      type: 'totp',
      secret: decodeBase32('JBSWY3DPEHPK3PXP'),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    };
    expect(key.secret.length).toBe(10);
    // oathtool --totp -b -N @0 JBSWY3DPEHPK3PXP
    expect(engine.totp(key, 0)).toBe('282760');
  });
});
