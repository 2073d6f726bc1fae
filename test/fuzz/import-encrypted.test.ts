import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import type { ImportFormatId, ImportInput } from '../../src/desktop/import/types';
import {
  aegisEncrypted,
  andotpEncrypted,
  authenticatorProLegacy,
  bitwardenProtected,
  enteEncrypted,
  protonEncrypted,
  twofasEncrypted,
} from '../import/builders';
import { fuzzOptions, jsonBytes, mutatedBytes, mutatedJson, readsOrRefusesCleanly } from './import-mutations';

// The decrypting importers, with the right password, fed encrypted files whose
// ciphertexts, nonces, tags and layouts are damaged. The key-derivation parameters
// are left as written (a separate test checks that absurd costs are refused), so
// each run costs one derivation at the format's own price.
const PASSWORD = 'fuzz password';
const SECRET = 'JBSWY3DPEHPK3PXP';
const link = `otpauth://totp/Acme:me?secret=${SECRET}&issuer=Acme`;

type Case = {
  format: ImportFormatId;
  runs: number;
  json?: unknown;
  bytes?: Uint8Array;
  editable?: (path: (string | number)[]) => boolean;
};
const cases: Record<string, Case> = {};

beforeAll(async () => {
  const aegisDb = {
    version: 2,
    entries: [
      {
        type: 'totp',
        name: 'me',
        issuer: 'Acme',
        info: { secret: SECRET, algo: 'SHA1', digits: 6, period: 30 },
      },
    ],
  };
  cases.aegis = {
    format: 'aegis',
    runs: 60,
    json: aegisEncrypted(aegisDb, PASSWORD),
    editable: (path) => !['n', 'r', 'p'].includes(String(path[path.length - 1])),
  };
  cases['2fas'] = {
    format: '2fas',
    runs: 60,
    json: twofasEncrypted([{ name: 'Acme', secret: SECRET, otp: { account: 'me' } }], PASSWORD),
  };
  cases.andotp = {
    format: 'andotp',
    runs: 60,
    bytes: andotpEncrypted(
      [
        {
          secret: SECRET,
          issuer: 'Acme',
          label: 'me',
          digits: 6,
          type: 'TOTP',
          algorithm: 'SHA1',
          period: 30,
        },
      ],
      PASSWORD,
    ),
  };
  cases.bitwarden = {
    format: 'bitwarden',
    runs: 60,
    json: await bitwardenProtected(
      { encrypted: false, items: [{ type: 1, name: 'Acme', login: { username: 'me', totp: link } }] },
      PASSWORD,
      { type: 0, iterations: 1_000 },
    ),
    editable: (path) => !String(path[0]).startsWith('kdf'),
  };
  cases['ente-auth'] = {
    format: 'ente-auth',
    runs: 40,
    json: await enteEncrypted(`${link}&codeDisplay=%7B%7D`, PASSWORD),
    editable: (path) => path[0] !== 'kdfParams',
  };
  cases['proton-authenticator'] = {
    format: 'proton-authenticator',
    runs: 25,
    json: await protonEncrypted(
      { version: 1, entries: [{ content: { uri: link, entry_type: 'Totp', name: 'me' }, note: null }] },
      PASSWORD,
    ),
  };
  cases['authenticator-pro'] = {
    format: 'authenticator-pro',
    runs: 25,
    bytes: authenticatorProLegacy(
      {
        Authenticators: [
          { Type: 2, Issuer: 'Acme', Username: 'me', Secret: SECRET, Algorithm: 0, Digits: 6, Period: 30 },
        ],
      },
      PASSWORD,
    ),
  };
}, 120_000);

function inputsOf(test: Case): fc.Arbitrary<ImportInput> {
  if (test.bytes) {
    // andOTP's first four bytes are its iteration count; the layout after them is what is damaged.
    return mutatedBytes(test.bytes, test.format === 'andotp' ? 4 : 16).map((bytes) => ({ bytes }));
  }
  return fc.oneof(
    mutatedJson(test.json, test.editable).map((value) => ({ bytes: jsonBytes(value) })),
    mutatedBytes(jsonBytes(test.json)).map((bytes) => ({ bytes })),
  );
}

describe('decrypting importers never throw anything but ImportError, and never hang', () => {
  for (const name of [
    'aegis',
    '2fas',
    'andotp',
    'bitwarden',
    'ente-auth',
    'proton-authenticator',
    'authenticator-pro',
  ]) {
    it(`${name}: damaged encrypted files, right password`, { timeout: 600_000 }, async () => {
      const test = cases[name];
      if (!test) throw new Error(`no case for ${name}`);
      await fc.assert(
        fc.asyncProperty(inputsOf(test), fc.boolean(), async (input, force) => {
          await readsOrRefusesCleanly(input, {
            password: PASSWORD,
            ...(force ? { format: test.format } : {}),
          });
        }),
        fuzzOptions(test.runs),
      );
    });
  }
});
