import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, normalizeBase32, OtpInputError } from '../../src/shared/otp';

describe('normalizeBase32', () => {
  it('tolerates lowercase, spaces, dashes and = padding', () => {
    expect(normalizeBase32('jbsw y3dp-ehpk 3pxp')).toBe('JBSWY3DPEHPK3PXP');
    expect(normalizeBase32('  JBSWY3DP\tEHPK3PXP\n')).toBe('JBSWY3DPEHPK3PXP');
    expect(normalizeBase32('MFRGG===')).toBe('MFRGG');
    expect(normalizeBase32('mfrgg=')).toBe('MFRGG');
  });

  it('names the character it refuses, with its position', () => {
    expect(() => normalizeBase32('JBSWY3DP!HPK3PXP')).toThrow(/position 9: "!"\. /);
    expect(() => normalizeBase32('JBSWY3DP0HPK3PXP')).toThrow(/did you mean O\?/);
    expect(() => normalizeBase32('JBSW_Y3DP')).toThrow(/"_"/);
    expect(() => normalizeBase32('JB=SWY3DP')).toThrow(/"="/);
    expect(() => normalizeBase32('JBSWY3DPÉ')).toThrow(/"É"/);
    // In words, never as a code point a person would have to look up.
    expect(() => normalizeBase32('JBSW\u0000')).toThrow(/an invisible character/);
    expect(() => normalizeBase32('JBSWY3DP1HPK3PXP')).not.toThrow(/U\+/);
    expect(() => normalizeBase32('JBSWY3DP1HPK3PXP')).toThrow(/"1" \(did you mean I\?\)/);
  });

  it('refuses empty secrets and impossible lengths', () => {
    expect(() => normalizeBase32('')).toThrow(/empty/);
    expect(() => normalizeBase32(' - = ')).toThrow(/empty/);
    for (const bad of ['A', 'ABC', 'ABCDEF', 'ABCDEFGHA']) {
      expect(() => normalizeBase32(bad), bad).toThrow(/wrong length/);
    }
  });
});

describe('decodeBase32', () => {
  it('decodes known values', () => {
    expect(new TextDecoder().decode(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'))).toBe(
      '12345678901234567890',
    );
    expect(new TextDecoder().decode(decodeBase32('mzxw6ytboi======'))).toBe('foobar');
  });

  it('ignores unused trailing bits instead of failing, as oathtool does', () => {
    expect(decodeBase32('AD')).toEqual(decodeBase32('AA'));
    expect(decodeBase32('AD')).toEqual(new Uint8Array([0]));
  });

  it('round-trips any bytes through encodeBase32 (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (bytes) => {
        expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
      }),
    );
  });

  it('reads the same bytes however a person formats them (property)', () => {
    const formatted = fc
      .tuple(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(' ', '-', '  ', ' - '),
        fc.boolean(),
      )
      .map(([bytes, lower, groupSize, separator, padded]) => {
        let text = encodeBase32(bytes);
        if (padded) text = text.padEnd(Math.ceil(text.length / 8) * 8, '=');
        if (lower) text = text.toLowerCase();
        const groups = text.match(new RegExp(`.{1,${groupSize}}`, 'g')) ?? [];
        return { bytes, text: groups.join(separator) };
      });
    fc.assert(
      fc.property(formatted, ({ bytes, text }) => {
        expect(decodeBase32(text)).toEqual(bytes);
      }),
    );
  });

  it('fails on any input only with OtpInputError (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        try {
          const bytes = decodeBase32(text);
          expect(bytes.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(OtpInputError);
        }
      }),
    );
  });
});
