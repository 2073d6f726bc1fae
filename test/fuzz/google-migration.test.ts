import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { googleMigrationLinks } from '../../src/desktop/export/google-migration';
import { ImportError } from '../../src/desktop/import/errors';
import { decodeMigrationPayload, migrationData } from '../../src/desktop/import/formats/google-authenticator';
import { readImport } from '../../src/desktop/import/registry';
import type { VaultEntry } from '../../src/desktop/vault';
import { encodeBase32, HASH_ALGORITHMS, type OtpAccount } from '../../src/shared/otp';
import { migrationLink } from '../import/builders';
import { nameArbitrary } from '../otp/arbitraries';
import { mutatedBytes } from './import-mutations';
import { PARSER_FUZZ_SEED, timed } from './report';

/**
 * Fuzzing Google Authenticator migration payloads (issue 9, item 11) below the import flow that
 * test/fuzz/import-text.test.ts drives: the protobuf decoder and the link's data parameter at many runs,
 * and the export → import round trip that moving accounts to a phone and back relies on.
 */
const options = (numRuns: number) => ({ seed: PARSER_FUZZ_SEED, numRuns, endOnFailure: true });

/** What Google Authenticator can hold: TOTP every 30 s or HOTP, 6 or 8 digits. */
const googleEntry = fc
  .record({
    type: fc.constantFrom('totp' as const, 'hotp' as const),
    issuer: nameArbitrary.map((name) => name.trim()),
    account: nameArbitrary.map((name) => name.trim()),
    secret: fc.uint8Array({ minLength: 1, maxLength: 64 }).map(encodeBase32),
    algorithm: fc.constantFrom(...HASH_ALGORITHMS),
    digits: fc.constantFrom(6, 8),
    counter: fc.maxSafeNat(),
  })
  // Accounts that themselves start with "Issuer:" (the name field's own prefix) are drawn often.
  .chain((entry) =>
    fc
      .boolean()
      .map((prefixed) =>
        prefixed && entry.issuer !== '' ? { ...entry, account: `${entry.issuer}:${entry.account}` } : entry,
      ),
  );

const pick = ({ type, issuer, account, secret, algorithm, digits, period }: Omit<OtpAccount, 'counter'>) => ({
  type,
  issuer,
  account,
  secret,
  algorithm,
  digits,
  period,
});

type GoogleFields = typeof googleEntry extends fc.Arbitrary<infer T> ? T : never;

function vaultEntries(list: readonly GoogleFields[]): VaultEntry[] {
  return list.map((fields, order) => ({
    ...fields,
    period: 30,
    id: `e${order}`,
    group: '',
    note: '',
    order,
    createdAt: '2026-11-30T00:00:00.000Z',
    updatedAt: '2026-11-30T00:00:00.000Z',
  }));
}

describe('fuzzing Google Authenticator migration payloads', { timeout: 300_000 }, () => {
  it('export → import gives every account back, across as many QR codes as it takes', async () => {
    await timed('google-migration round trip', 1_000, () =>
      fc.assert(
        fc.asyncProperty(fc.array(googleEntry, { minLength: 1, maxLength: 12 }), async (list) => {
          const entries = vaultEntries(list);
          const { links, left } = googleMigrationLinks(entries);
          expect(left).toEqual([]);
          const read = await readImport({ bytes: new TextEncoder().encode(links.join('\n')) });
          expect(read.failures).toEqual([]);
          // What an account is for and how its codes are made; Google keeps a counter only for HOTP.
          const otp = ({ counter, ...account }: OtpAccount) => ({
            ...pick(account),
            counter: account.type === 'hotp' ? counter : 0,
          });
          expect(read.entries.map(otp)).toEqual(entries.map(otp));
        }),
        options(1_000),
      ),
    );
  });

  it('a damaged or arbitrary payload decodes to plain numbers and texts, or is refused with an ImportError', async () => {
    const sample = Buffer.from(
      decodeURIComponent(
        migrationLink(
          [
            { secret: new Uint8Array([1, 2, 3, 4, 5]), name: 'Acme:me', issuer: 'Acme' },
            { secret: new Uint8Array([9, 9]), name: 'h', type: 1, counter: 5, algorithm: 3, digits: 2 },
          ],
          { size: 2, index: 1, id: -5 },
        ).split('data=')[1] ?? '',
      ),
      'base64',
    );
    await timed('google-migration payload bytes', 8_000, () =>
      fc.assert(
        fc.property(fc.oneof(mutatedBytes(sample), fc.uint8Array({ maxLength: 300 })), (bytes) => {
          let payload: ReturnType<typeof decodeMigrationPayload>;
          try {
            payload = decodeMigrationPayload(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError);
            return;
          }
          expect(payload.batchIndex).toBeGreaterThanOrEqual(0);
          expect(payload.batchIndex).toBeLessThan(payload.batchSize);
          for (const otp of payload.otps) {
            expect(otp.secret).toBeInstanceOf(Uint8Array);
            expect(typeof otp.name).toBe('string');
            expect(Number.isFinite(otp.counter)).toBe(true);
          }
        }),
        options(8_000),
      ),
    );
  });

  it("a link's data parameter gives bytes or an ImportError, whatever the text", async () => {
    const data = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.base64String({ maxLength: 80 }),
      fc.constantFrom('%', '%zz', '%E0%A4', '-_', '===', 'A', 'AB==', '+/+/'),
    );
    const link = fc
      .tuple(
        fc.constantFrom('otpauth-migration://offline?', 'otpauth-migration://offline?x=1&', ''),
        fc.array(data, { maxLength: 4 }),
      )
      .map(([start, parts]) => `${start}data=${parts.join('')}`);
    await timed('google-migration data parameter', 5_000, () =>
      fc.assert(
        fc.property(link, (text) => {
          try {
            expect(migrationData(text)).toBeInstanceOf(Uint8Array);
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError);
          }
        }),
        options(5_000),
      ),
    );
  });
});
