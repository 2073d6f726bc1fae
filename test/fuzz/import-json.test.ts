import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ImportFormatId } from '../../src/desktop/import/types';
import { fuzzOptions, jsonBytes, mutatedBytes, mutatedJson, readsOrRefusesCleanly } from './import-mutations';

// Every JSON importer, fed valid-looking files with fields swapped, removed or cut short.
const SECRET = 'JBSWY3DPEHPK3PXP';

const samples: Record<string, { format: ImportFormatId; sample: unknown }> = {
  aegis: {
    format: 'aegis',
    sample: {
      version: 1,
      header: { slots: null, params: null },
      db: {
        version: 3,
        groups: [{ uuid: 'g', name: 'Work' }],
        entries: [
          {
            type: 'totp',
            uuid: 'a',
            name: 'me',
            issuer: 'Acme',
            note: 'n',
            groups: ['g'],
            info: { secret: SECRET, algo: 'SHA256', digits: 8, period: 30 },
          },
          {
            type: 'hotp',
            uuid: 'b',
            name: 'me',
            issuer: 'Bank',
            info: { secret: SECRET, algo: 'SHA1', digits: 6, counter: 7 },
          },
        ],
      },
    },
  },
  '2fas': {
    format: '2fas',
    sample: {
      schemaVersion: 4,
      groups: [{ id: 'g', name: 'Work' }],
      services: [
        {
          name: 'Acme',
          secret: SECRET,
          groupId: 'g',
          otp: { account: 'me', digits: 6, period: 30, algorithm: 'SHA1', tokenType: 'TOTP' },
        },
        { name: 'Bank', secret: SECRET, otp: { account: 'me', counter: 3, tokenType: 'HOTP' } },
      ],
    },
  },
  andotp: {
    format: 'andotp',
    sample: [
      {
        secret: `${SECRET}======`,
        issuer: 'Acme',
        label: 'me',
        digits: 6,
        type: 'TOTP',
        algorithm: 'SHA1',
        period: 30,
        tags: ['x'],
      },
      { secret: SECRET, label: 'Bank - me', digits: 6, type: 'HOTP', algorithm: 'SHA512', counter: 2 },
    ],
  },
  bitwarden: {
    format: 'bitwarden',
    sample: {
      encrypted: false,
      folders: [{ id: 'f', name: 'F' }],
      items: [
        {
          type: 1,
          name: 'Acme',
          folderId: 'f',
          login: { username: 'me', totp: `otpauth://totp/Acme:me?secret=${SECRET}` },
        },
        { type: 1, name: 'Steam', login: { username: 'me', totp: `steam://${SECRET}` } },
        { type: 1, name: 'Bare', login: { username: 'me', totp: SECRET } },
      ],
    },
  },
  'freeotp-plus': {
    format: 'freeotp-plus',
    sample: {
      tokenOrder: ['a'],
      tokens: [
        {
          algo: 'SHA1',
          counter: 0,
          digits: 6,
          issuerExt: 'Acme',
          label: 'me',
          period: 30,
          secret: [72, 101, -34, -83],
          type: 'TOTP',
        },
        {
          algo: 'SHA256',
          counter: 9,
          digits: 7,
          issuerExt: 'Bank',
          label: 'me',
          period: 30,
          secret: [1, 2, 3],
          type: 'HOTP',
        },
      ],
    },
  },
  'proton-authenticator': {
    format: 'proton-authenticator',
    sample: {
      version: 1,
      entries: [
        {
          id: '1',
          content: {
            uri: `otpauth://totp/Acme:me?secret=${SECRET}&issuer=Acme`,
            entry_type: 'Totp',
            name: 'me',
          },
          note: 'x',
        },
        { id: '2', content: { uri: `steam://${SECRET}`, entry_type: 'Steam', name: 'me' }, note: null },
      ],
    },
  },
  'gnome-authenticator': {
    format: 'gnome-authenticator',
    sample: [
      {
        secret: SECRET,
        label: 'me',
        digits: 6,
        type: 'TOTP',
        algorithm: 'SHA1',
        thumbnail: '',
        last_used: 0,
        tags: ['Acme'],
        period: 30,
      },
    ],
  },
  'authenticator-pro': {
    format: 'authenticator-pro',
    sample: {
      Authenticators: [
        {
          Type: 2,
          Issuer: 'Acme',
          Username: 'me',
          Secret: SECRET,
          Algorithm: 0,
          Digits: 6,
          Period: 30,
          Counter: 0,
        },
        {
          Type: 4,
          Issuer: 'Steam',
          Username: 'me',
          Secret: SECRET,
          Algorithm: 0,
          Digits: 5,
          Period: 30,
          Counter: 0,
        },
      ],
      Categories: [{ Id: 'c', Name: 'C' }],
      AuthenticatorCategories: [{ CategoryId: 'c', AuthenticatorSecret: SECRET }],
    },
  },
  steam: {
    format: 'steam',
    sample: {
      accounts: {
        a: { shared_secret: 'THIl8+Jl6ugxr8x0X6eRMg==', account_name: 'me' },
        b: { shared_secret: 'AAAA', account_name: 'you' },
      },
    },
  },
  duo: {
    format: 'duo',
    sample: [
      { name: 'me', otpGenerator: { otpSecret: SECRET } },
      { name: 'you', otpGenerator: { otpSecret: SECRET, counter: 3 } },
    ],
  },
};

describe('JSON importers never throw anything but ImportError, and never hang', () => {
  for (const [name, { format, sample }] of Object.entries(samples)) {
    it(`${name}: fields swapped or removed (forced format and sniffed)`, { timeout: 300_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(mutatedJson(sample), fc.boolean(), async (value, force) => {
          await readsOrRefusesCleanly({ bytes: jsonBytes(value) }, force ? { format } : {});
        }),
        fuzzOptions(150),
      );
    });

    it(`${name}: the file cut short or with bytes changed`, { timeout: 300_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(mutatedBytes(jsonBytes(sample)), async (bytes) => {
          await readsOrRefusesCleanly({ bytes }, { format });
        }),
        fuzzOptions(150),
      );
    });
  }

  it('any JSON value, any format', { timeout: 300_000 }, async () => {
    const formats = Object.values(samples).map((entry) => entry.format);
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 6 }),
        fc.option(fc.constantFrom(...formats), { nil: undefined }),
        async (value, format) => {
          await readsOrRefusesCleanly({ bytes: jsonBytes(value) }, format ? { format } : {});
        },
      ),
      fuzzOptions(300),
    );
  });
});
