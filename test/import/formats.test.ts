import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/desktop/import/errors';
import { ImportSource, MAX_IMPORT_BYTES } from '../../src/desktop/import/input';
import { detectFormat, IMPORT_FORMAT_IDS, readImport, readImports } from '../../src/desktop/import/registry';
import type { ImportInput } from '../../src/desktop/import/types';
import {
  aegisEncrypted,
  bitwardenProtected,
  enteEncrypted,
  jsonInput,
  migrationLink,
  textInput,
} from './builders';

const SECRET = 'JBSWY3DPEHPK3PXP';
const secretBytes = Buffer.from('Hello!\u00de\u00ad\u00be\u00ef', 'latin1');

async function refused(input: ImportInput, options = {}): Promise<ImportError> {
  const error = await readImport(input, options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('a list of otpauth links', () => {
  it('keeps issuers with a colon, empty issuers, Unicode, SHA256/512, 5–10 digits, periods, counters and Steam', async () => {
    const text = [
      '# comments and blank lines are skipped',
      '',
      `otpauth://totp/alice?secret=${SECRET}&issuer=Foo%3ABar`,
      `otpauth://totp/%3Abob?secret=${SECRET}`,
      `otpauth://totp/%E4%B8%AD%E6%96%87:%F0%9F%94%91%20key?secret=${SECRET}&issuer=%E4%B8%AD%E6%96%87`,
      `otpauth://totp/Big:ten?secret=${SECRET}&issuer=Big&algorithm=SHA512&digits=10&period=60`,
      `otpauth://totp/Small:five?secret=${SECRET}&issuer=Small&algorithm=SHA256&digits=5&period=15`,
      `otpauth://hotp/Count:er?secret=${SECRET}&issuer=Count&counter=99`,
      `otpauth://totp/Steam:gabe?secret=${SECRET}&issuer=Steam&encoder=steam`,
      `otpauth://totp/Broken:one?secret=0189&issuer=Broken`,
      'not a link at all',
    ].join('\n');
    const result = await readImport(textInput(text));
    expect(result.format).toBe('otpauth-uris');
    expect(
      result.entries.map(({ type, issuer, account, algorithm, digits, period, counter }) => ({
        type,
        issuer,
        account,
        algorithm,
        digits,
        period,
        counter,
      })),
    ).toEqual([
      {
        type: 'totp',
        issuer: 'Foo:Bar',
        account: 'alice',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
      { type: 'totp', issuer: '', account: 'bob', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 },
      {
        type: 'totp',
        issuer: '中文',
        account: '🔑 key',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
      {
        type: 'totp',
        issuer: 'Big',
        account: 'ten',
        algorithm: 'SHA512',
        digits: 10,
        period: 60,
        counter: 0,
      },
      {
        type: 'totp',
        issuer: 'Small',
        account: 'five',
        algorithm: 'SHA256',
        digits: 5,
        period: 15,
        counter: 0,
      },
      { type: 'hotp', issuer: 'Count', account: 'er', algorithm: 'SHA1', digits: 6, period: 30, counter: 99 },
      {
        type: 'steam',
        issuer: 'Steam',
        account: 'gabe',
        algorithm: 'SHA1',
        digits: 5,
        period: 30,
        counter: 0,
      },
    ]);
    expect(result.failures).toMatchObject([
      { label: 'Broken:one', reason: expect.stringMatching(/character that base32 does not use/) },
      { label: 'Line 11', reason: 'Line 11 is not an otpauth:// link.' },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain('0189');
  });
});

describe('Google Authenticator migration links', () => {
  const otp = (name: string, extra = {}) => ({ secret: secretBytes, name, issuer: 'Acme', ...extra });

  it('reads HOTP counters, 8 digits and SHA512, drops the repeated issuer prefix, and lists an MD5 entry as unreadable', async () => {
    const link = migrationLink([
      otp('Acme:one@example.com'),
      otp('two', { type: 1, counter: 41, digits: 2, algorithm: 3 }),
      otp('md5', { algorithm: 4 }),
    ]);
    const result = await readImport(textInput(link));
    expect(result.entries).toMatchObject([
      {
        type: 'totp',
        issuer: 'Acme',
        account: 'one@example.com',
        secret: SECRET,
        digits: 6,
      },
      { type: 'hotp', account: 'two', counter: 41, digits: 8, algorithm: 'SHA512' },
    ]);
    expect(result.failures).toMatchObject([{ label: 'Acme / md5', reason: expect.stringMatching(/MD5/) }]);
  });

  it('reads each QR code of an export alone, joins several, and names the ones missing', async () => {
    const id = -123456;
    const codes = [0, 1, 2].map((index) => migrationLink([otp(`user${index}`)], { size: 3, index, id }));
    const partial = await readImport(textInput(`${codes[0]}\n${codes[2]}`));
    expect(partial.entries.map((entry) => entry.account)).toEqual(['user0', 'user2']);
    expect(partial.exports).toEqual([{ batchId: id, batchSize: 3, present: [0, 2], missing: [1] }]);
    expect(partial.warnings).toContain(
      'This Google Authenticator export has 3 QR codes; code 2 is missing. Scan or add it too to import every account.',
    );

    // The same export given as separate files, one QR code given twice.
    const joined = await readImports([codes[1], codes[0], codes[1]].map((code) => textInput(code ?? '')));
    expect(joined.entries.map((entry) => entry.account)).toEqual(['user1', 'user0']);
    expect(joined.exports).toEqual([{ batchId: id, batchSize: 3, present: [0, 1], missing: [2] }]);
    expect(joined.warnings.some((warning) => /code 3 is missing/.test(warning))).toBe(true);
    expect(joined.warnings.some((warning) => /given twice/.test(warning))).toBe(true);
  });

  it('refuses damaged data with a clear message', async () => {
    const error = await refused(textInput('otpauth-migration://offline?data=CgYKAQ'));
    expect(error.code).toBe('MALFORMED');
    expect(error.message).toMatch(/damaged/);
  });
});

describe('Aegis', () => {
  const vault = (db: unknown) => ({ version: 1, header: { slots: null, params: null }, db });
  const entry = (name: string, info: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'totp',
    uuid: name,
    name,
    issuer: 'Acme',
    info: { secret: SECRET, algo: 'SHA1', digits: 6, period: 30, ...info },
    ...extra,
  });

  it('keeps v3 groups and notes, and lists unreadable entries with their reason while the rest import', async () => {
    const result = await readImport(
      jsonInput(
        vault({
          version: 3,
          groups: [{ uuid: 'g1', name: 'Work' }],
          entries: [
            entry('grouped', {}, { groups: ['g1'], note: 'recovery codes in the safe' }),
            entry('bad secret', { secret: '0189' }),
            entry('too many digits', { digits: 12 }),
            entry('motp', {}, { type: 'motp' }),
            { type: 'totp' },
          ],
        }),
      ),
    );
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({
      account: 'grouped',
      group: 'Work',
      note: 'recovery codes in the safe',
    });
    expect(result.failures.map((failure) => failure.label)).toEqual([
      'Acme / bad secret',
      'Acme / too many digits',
      'Acme / motp',
      'Entry 5',
    ]);
    expect(result.failures[1]?.reason).toMatch(/from 5 to 10/);
    expect(result.failures[3]?.reason).toMatch(/not as expected/);
  });

  it('refuses database and vault versions it does not know', async () => {
    expect((await refused(jsonInput(vault({ version: 4, entries: [] })))).code).toBe('UNSUPPORTED_VERSION');
    const future = { ...vault({ version: 3, entries: [] }), version: 2 };
    expect((await refused(jsonInput(future))).message).toMatch(/version 2/);
  });
});

describe('limits and damaged files', () => {
  it('refuses a file over 10 MB before reading it', async () => {
    const error = await refused({ bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) });
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/10 MB/);
  });

  it("refuses nesting past a sane depth, also inside an app's shape", async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect((await refused(textInput(deep))).code).toBe('TOO_DEEP');
    const aegisDeep = `{"version":1,"header":{"slots":null,"params":null},"db":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect((await refused(textInput(aegisDeep))).code).toBe('TOO_DEEP');
  });

  it('says a cut-short file looks truncated', async () => {
    const whole = JSON.stringify({
      version: 1,
      header: { slots: null, params: null },
      db: { version: 1, entries: [] },
    });
    const error = await refused(textInput(whole.slice(0, whole.length - 10)));
    expect(error.code).toBe('MALFORMED');
    expect(error.message).toMatch(/truncated/);
  });

  it('refuses unknown content and a forced format that does not fit', async () => {
    expect((await refused(textInput('hello world'))).code).toBe('UNKNOWN_FORMAT');
    const aegisFile = jsonInput({
      version: 1,
      header: { slots: null, params: null },
      db: { version: 1, entries: [] },
    });
    expect((await refused(aegisFile, { format: 'bitwarden' })).code).toBe('MALFORMED');
    expect((await refused(jsonInput({ services: [], schemaVersion: 5 }))).code).toBe('UNSUPPORTED_VERSION');
    expect((await refused(jsonInput({ version: 2, entries: [] }))).code).toBe('UNSUPPORTED_VERSION');
  });

  it('says a file with no accounts holds none', async () => {
    expect((await refused(jsonInput({ services: [], schemaVersion: 4 }))).code).toBe('NOTHING_FOUND');
  });

  it('has an importer for every format id, each found by sniffing', () => {
    // 15 other apps' formats and Twofold's own backup.
    expect(IMPORT_FORMAT_IDS).toHaveLength(16);
    expect(detectFormat(textInput(`otpauth://totp/a?secret=${SECRET}`)).id).toBe('otpauth-uris');
  });
});

describe('Bitwarden', () => {
  const plain = {
    encrypted: false,
    folders: [{ id: 'f1', name: '2FA' }],
    items: [
      {
        type: 1,
        name: 'GitHub',
        notes: 'work account',
        folderId: 'f1',
        login: { username: 'me', totp: 'jbsw y3dp ehpk 3pxp' },
      },
      { type: 1, name: 'No TOTP', login: { username: 'x', totp: null } },
      { type: 2, name: 'A secure note' },
      { type: 1, name: 'Steam', login: { username: 'gabe', totp: `steam://${SECRET}` } },
      { type: 1, name: 'Broken', login: { username: 'y', totp: 'https://example.com' } },
    ],
  };

  it('reads a bare secret (item name as issuer), steam:// keys, folders and notes; skips items without TOTP', async () => {
    const result = await readImport(jsonInput(plain));
    expect(result.entries).toMatchObject([
      { type: 'totp', issuer: 'GitHub', account: 'me', secret: SECRET, group: '2FA', note: 'work account' },
      { type: 'steam', issuer: 'Steam', account: 'gabe', digits: 5 },
    ]);
    expect(result.failures).toMatchObject([
      { label: 'Broken / y', reason: expect.stringMatching(/neither/) },
    ]);
  });

  it('opens password-protected exports (PBKDF2 and Argon2id) and refuses a wrong password', async () => {
    for (const kdf of [
      { type: 0, iterations: 5_000 } as const,
      { type: 1, iterations: 2, memoryMiB: 16, parallelism: 2 } as const,
    ]) {
      const file = jsonInput(await bitwardenProtected(plain, 'correct horse', kdf));
      expect(detectFormat(file).needsPassword(new ImportSource(file))).toBe(true);
      const result = await readImport(file, { password: 'correct horse' });
      expect(result.entries).toHaveLength(2);
      expect(result.kdf?.name).toMatch(kdf.type === 0 ? /PBKDF2/ : /Argon2id/);
      expect((await refused(file, { password: 'wrong' })).code).toBe('WRONG_PASSWORD');
      expect((await refused(file)).code).toBe('PASSWORD_REQUIRED');
    }
  });

  it('explains that an account-key encrypted export cannot be opened', async () => {
    const error = await refused(jsonInput({ encrypted: true, encKeyValidation_DO_NOT_EDIT: 'x', data: 'y' }));
    expect(error.code).toBe('UNSUPPORTED_VERSION');
    expect(error.message).toMatch(/password protected/);
  });
});

describe('Ente Auth, encrypted', () => {
  it('opens the secretstream with the Argon2id key, keeps tags as groups, leaves trashed codes out', async () => {
    const display = (value: object) => encodeURIComponent(JSON.stringify(value));
    const text = [
      `otpauth://totp/Acme:me?secret=${SECRET}&issuer=Acme&codeDisplay=${display({ tags: ['Work'], note: 'n' })}`,
      `otpauth://totp/Old:me?secret=${SECRET}&issuer=Old&codeDisplay=${display({ trashed: true })}`,
    ].join('\n');
    const file = jsonInput(await enteEncrypted(text, 'pass phrase'));
    const result = await readImport(file, { password: 'pass phrase' });
    expect(result.format).toBe('ente-auth');
    expect(result.entries).toMatchObject([{ issuer: 'Acme', group: 'Work', note: 'n' }]);
    expect(result.warnings).toContain("1 codes in Ente Auth's trash were left out.");
    expect(result.kdf?.name).toMatch(/Argon2id t=2 m=8192 KiB p=1/);
    expect((await refused(file, { password: 'wrong' })).code).toBe('WRONG_PASSWORD');
  });
});

describe('GNOME Authenticator legacy backup', () => {
  it('takes the issuer from the first tag', async () => {
    const result = await readImport(
      jsonInput([
        {
          secret: SECRET,
          label: 'alice',
          digits: 7,
          type: 'TOTP',
          algorithm: 'SHA256',
          thumbnail: '',
          last_used: 0,
          tags: ['GitLab'],
          period: 20,
        },
        {
          secret: SECRET,
          label: 'bob',
          digits: 6,
          type: 'HOTP',
          algorithm: 'SHA1',
          thumbnail: '',
          last_used: 0,
          tags: [],
          period: 30,
          counter: 5,
        },
      ]),
    );
    expect(result.format).toBe('gnome-authenticator');
    expect(result.entries).toMatchObject([
      { type: 'totp', issuer: 'GitLab', account: 'alice', digits: 7, period: 20, algorithm: 'SHA256' },
      { type: 'hotp', issuer: '', account: 'bob', counter: 5 },
    ]);
  });
});

describe('Authenticator Pro', () => {
  it('keeps categories as groups and lists mOTP entries as unreadable', async () => {
    const result = await readImport(
      jsonInput({
        Authenticators: [
          {
            Type: 2,
            Issuer: 'Acme',
            Username: 'me',
            Secret: SECRET,
            Algorithm: 1,
            Digits: 6,
            Period: 30,
            Counter: 0,
          },
          {
            Type: 3,
            Issuer: 'Old',
            Username: 'me',
            Secret: randomBytes(4).toString('hex'),
            Algorithm: 0,
            Digits: 6,
            Period: 10,
          },
        ],
        Categories: [{ Id: 'c1', Name: 'Personal' }],
        AuthenticatorCategories: [{ CategoryId: 'c1', AuthenticatorSecret: SECRET }],
      }),
    );
    expect(result.entries).toMatchObject([{ issuer: 'Acme', group: 'Personal', algorithm: 'SHA256' }]);
    expect(result.failures).toMatchObject([{ label: 'Old / me', reason: expect.stringMatching(/mOTP/) }]);
  });
});

describe('key derivation costs', () => {
  it('refuses a file asking for a key derivation far costlier than any app uses, without trying it', async () => {
    const bitwarden = (await bitwardenProtected({ encrypted: false, items: [] }, 'pw', {
      type: 0,
      iterations: 1_000,
    })) as Record<string, unknown>;
    const error = await refused(jsonInput({ ...bitwarden, kdfIterations: 1_000_000_000 }), {
      password: 'pw',
    });
    expect(error.code).toBe('TOO_COSTLY');
    expect(error.message).toBe(
      'This Bitwarden export asks for PBKDF2 with 1,000,000,000 iterations; Bitwarden writes at most 2,000,000. It was not tried.',
    );
    const aegis = aegisEncrypted({ version: 2, entries: [] }, 'pw') as {
      header: { slots: Record<string, unknown>[] };
    };
    const slot = aegis.header.slots[0] ?? {};
    const costly = { ...aegis, header: { ...aegis.header, slots: [{ ...slot, n: 2 ** 30 }] } };
    expect((await refused(jsonInput(costly), { password: 'pw' })).message).toMatch(
      /^This Aegis vault asks for scrypt with N=1073741824, r=8, p=1; Aegis writes at most N=32768, r=8, p=1\./,
    );
  });
});

describe('FreeOTP and FreeOTP+ Steam tokens', () => {
  // Both apps keep Steam as a 5-digit TOTP token whose issuer is "Steam".
  const steamToken = {
    algo: 'SHA1',
    counter: 0,
    digits: 5,
    issuerExt: 'Steam',
    label: 'gamer',
    period: 30,
    secret: [...secretBytes].map((byte) => (byte > 127 ? byte - 256 : byte)),
    type: 'TOTP',
  };
  const otherToken = { ...steamToken, issuerExt: 'Steamy Games', digits: 6, label: 'other' };

  it('reads them as Steam from a FreeOTP+ backup', async () => {
    const result = await readImport(
      jsonInput({ tokenOrder: ['Steam:gamer'], tokens: [steamToken, otherToken] }),
    );
    expect(result.format).toBe('freeotp-plus');
    expect(result.entries).toMatchObject([
      { type: 'steam', issuer: 'Steam', account: 'gamer', digits: 5 },
      { type: 'totp', issuer: 'Steamy Games', digits: 6 },
    ]);
  });

  it("reads them as Steam from the apps' settings file (tokens.xml)", async () => {
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const xml =
      "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" +
      `    <string name="Steam:gamer">${escape(JSON.stringify(steamToken))}</string>\n` +
      `    <string name="tokenOrder">${escape(JSON.stringify(['Steam:gamer']))}</string>\n</map>\n`;
    const result = await readImport(textInput(xml, 'tokens.xml'));
    expect(result.format).toBe('freeotp');
    expect(result.entries).toMatchObject([{ type: 'steam', issuer: 'Steam', account: 'gamer', digits: 5 }]);
  });
});

describe('XML settings files', () => {
  const head = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n";

  it('refuses one far past any settings file (elements, attributes, depth) before parsing it', async () => {
    const attributes = Array.from({ length: 1_000 }, (_, i) => `a${i}="1"`).join(' ');
    const wide = `${head}<string name="x" ${attributes}>y</string>\n</map>\n`;
    const many = `${head}${'<int name="n" value="1" />\n'.repeat(30_000)}</map>\n`;
    const deep = `${head}${'<set>'.repeat(50)}${'</set>'.repeat(50)}</map>\n`;
    for (const text of [wide, many, deep]) {
      const error = await refused(textInput(text, 'tokens.xml'), { format: 'freeotp' });
      expect(error.code).toBe('TOO_DEEP');
      expect(error.message).toMatch(/than any settings file/);
    }
  });
});
