import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entrySchema, isStoredEntry } from '../../src/desktop/vault/entries';

// Each field: valid values mixed with the kinds of wrong ones a damaged or foreign body could hold.
// Mostly valid, so that whole entries pass often enough to test acceptance too.
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 });
const text = (max: number) =>
  mostly(fc.string({ maxLength: 8 }), fc.oneof(fc.constant('x'.repeat(max + 1)), fc.integer()));
const whole = (min: number, max: number) =>
  mostly(fc.integer({ min, max }), fc.constantFrom(min - 1, max + 1, 1.5, Number.NaN, '6'));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const nearlyAnEntry = fc.record(
  {
    type: mostly(fc.constantFrom('totp', 'hotp', 'steam'), fc.constantFrom('TOTP', 3)),
    issuer: text(512),
    account: text(512),
    secret: mostly(
      fc.constant('JBSWY3DPEHPK3PXP'),
      fc.constantFrom('jbswy3dpehpk3pxp', '', 'JBSWY3DPEHPK3PX1', 42),
    ),
    algorithm: mostly(fc.constantFrom('SHA1', 'SHA256', 'SHA512'), fc.constantFrom('MD5', 'sha1')),
    digits: whole(5, 10),
    period: whole(1, 86_400),
    counter: whole(0, 1_000_000),
    image: optional(text(4096)),
    id: mostly(fc.constant('0b0e7c8e-0000-4000-8000-000000000000'), fc.constantFrom('', 'x'.repeat(65), 7)),
    group: text(128),
    note: text(4096),
    icon: optional(text(256 * 1024)),
    website: optional(text(2048)),
    order: whole(0, 10_000),
    createdAt: text(64),
    updatedAt: text(64),
  },
  {
    requiredKeys: [
      'type',
      'issuer',
      'account',
      'secret',
      'algorithm',
      'digits',
      'period',
      'counter',
      'id',
      'group',
      'note',
      'order',
    ],
  },
);

describe('the fast check of stored entries', () => {
  it('agrees with the zod schema', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearlyAnEntry, (candidate) => {
        const verdict = isStoredEntry(candidate);
        expect(verdict).toBe(entrySchema.safeParse(candidate).success);
        if (verdict) accepted++;
      }),
      { numRuns: 2000 },
    );
    // Both verdicts were exercised.
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(1950);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 1, 'entry', [], undefined]) expect(isStoredEntry(value)).toBe(false);
  });
});
