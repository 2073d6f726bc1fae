import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/desktop/import/errors';
import { readImport } from '../../src/desktop/import/registry';
import type { ImportedEntry } from '../../src/desktop/import/types';
import { skipReason } from '../support/skip';

// Real exports written by the apps (third-party data beside the repo, never copied into it).
const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(path.resolve(root, '../shared'), 'fixtures/imports');
const expectedPath = path.join(fixtures, 'expected-entries.json');
const absent = existsSync(expectedPath) ? null : `${expectedPath} is absent`;
skipReason('import fixtures', absent);

interface Expected {
  type: string;
  issuer: string;
  name: string;
  secret: string;
  algo: string;
  digits: number;
  period?: number;
  counter?: number;
}
interface ExpectedFile {
  entries: Expected[];
  password?: string;
}

const files: Record<string, ExpectedFile> = absent
  ? {}
  : (JSON.parse(readFileSync(expectedPath, 'utf8')) as { files: Record<string, ExpectedFile> }).files;

/** Files the importers do not read, each with the reason; each must still be refused with a clear message. */
const NOT_READ: Record<string, string> = {
  'aegis/authenticator_plus.zip':
    'a ZipCrypto archive (Authenticator Plus); unpacking it gives a link list, which is read',
  'aegis/google_authenticator.sqlite': "an app's internal database (root only), not an export",
  'aegis/microsoft_authenticator.sqlite': "an app's internal database (root only), not an export",
  'aegis/stratum_internal.db': "an app's internal database (root only), not an export",
  ...Object.fromEntries(
    (
      [
        ['battle_net', "the Battle.net app's settings file (root only), its secret masked"],
        ['freeotp_v2', 'a FreeOTP 2 backup: Java-serialized key store, not read'],
        ['totp_authenticator', 'TOTP Authenticator (Android): not among the formats this release reads'],
      ] as const
    ).flatMap(([prefix, reason]) =>
      Object.keys(files)
        .filter((file) => path.basename(file).startsWith(prefix))
        .map((file) => [file, reason]),
    ),
  ),
};

/** Files that are not exports at all or are damaged: each must be refused with a clear ImportError. */
const REFUSED = new Set([
  'extract-otp-secrets/qr_but_without_otp.png',
  'extract-otp-secrets/test_export_wrong_content.txt',
  'extract-otp-secrets/test_export_wrong_data.txt',
  'extract-otp-secrets/example_output.json',
]);

/** Where our reading rule differs from the one expected-entries.json records, and why. */
function adjust(file: string, expected: Expected): Expected {
  // Google Authenticator writes "Issuer:account" as the name; we drop the prefix that repeats the issuer.
  if (
    file.startsWith('extract-otp-secrets/') &&
    expected.issuer &&
    expected.name.startsWith(`${expected.issuer}:`)
  ) {
    return { ...expected, name: expected.name.slice(expected.issuer.length + 1) };
  }
  // GNOME Authenticator guesses an issuer from "name@issuer" when Aegis has none; we keep what the file says.
  if (file === 'gnome-authenticator/aegis_issuer_from_name.json') {
    return { ...expected, issuer: '', name: `${expected.name}@${expected.issuer}` };
  }
  // GNOME's placeholder for Bitwarden's missing username; we leave the account empty as the file does.
  if (file.startsWith('aegis/bitwarden') && expected.name === 'Unknown account')
    return { ...expected, name: '' };
  // FreeOTP stores the last counter used; the vault keeps the next one (GNOME Authenticator's rule).
  if (/freeotp/.test(file) && expected.type === 'hotp')
    return { ...expected, counter: (expected.counter ?? 0) + 1 };
  return expected;
}

/** Fields a source test does not assert. */
function loosen(file: string, key: Record<string, unknown>): Record<string, unknown> {
  if (file === 'aegis/duo.json') delete key.counter;
  if (/authy/.test(file)) delete key.period;
  // A steam:// key has no issuer: it is the item's name (GNOME's choice, copied for the CSV whose item differs).
  if (file.startsWith('aegis/bitwarden') && key.type === 'steam') delete key.issuer;
  return key;
}

function keyOfExpected(file: string, expected: Expected): Record<string, unknown> {
  const e = adjust(file, expected);
  return loosen(file, {
    type: e.type,
    issuer: e.issuer,
    account: e.name,
    secret: e.secret.replace(/=+$/, ''),
    algorithm: e.algo,
    digits: e.digits,
    ...(e.type === 'hotp' ? { counter: e.counter } : { period: e.period }),
  });
}

function keyOfEntry(file: string, entry: ImportedEntry): Record<string, unknown> {
  return loosen(file, {
    type: entry.type,
    issuer: entry.issuer,
    account: entry.account,
    secret: entry.secret,
    algorithm: entry.algorithm,
    digits: entry.digits,
    ...(entry.type === 'hotp' ? { counter: entry.counter } : { period: entry.period }),
  });
}

function sortKeys(keys: Record<string, unknown>[]): string[] {
  return keys.map((key) => JSON.stringify(key, Object.keys(key).sort())).sort();
}

async function read(file: string, password?: string) {
  const bytes = new Uint8Array(readFileSync(path.join(fixtures, file)));
  return readImport({ bytes, fileName: path.basename(file) }, password === undefined ? {} : { password });
}

describe.skipIf(absent !== null)('every fixture export yields its expected entries', () => {
  for (const [file, spec] of Object.entries(files)) {
    if (NOT_READ[file]) console.warn(`[not read] ${file}: ${NOT_READ[file]}`);
    if (REFUSED.has(file) || NOT_READ[file]) {
      it(`${file} is refused with a clear message`, async () => {
        const error = await read(file).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as ImportError).message.length).toBeGreaterThan(20);
      });
      continue;
    }
    it(`${file} gives its ${spec.entries.length} entries`, { timeout: 120_000 }, async () => {
      const result = await read(file, spec.password);
      expect(result.failures).toEqual([]);
      expect(sortKeys(result.entries.map((entry) => keyOfEntry(file, entry)))).toEqual(
        sortKeys(spec.entries.map((expected) => keyOfExpected(file, expected))),
      );
    });
    if (spec.password !== undefined) {
      it(`${file} refuses a wrong password and asks for a missing one`, { timeout: 120_000 }, async () => {
        await expect(read(file, `${spec.password}-wrong`)).rejects.toMatchObject({
          name: 'ImportError',
          code: 'WRONG_PASSWORD',
          message: expect.stringMatching(/password is wrong/),
        });
        await expect(read(file)).rejects.toMatchObject({ name: 'ImportError', code: 'PASSWORD_REQUIRED' });
      });
    }
  }
});
