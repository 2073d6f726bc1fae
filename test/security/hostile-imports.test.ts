// Hostile encrypted exports against the real `twofold import`, run as a child process with its
// peak RSS and wall-clock time measured (runBin's `measure`): files whose key-derivation settings
// or slot counts would cost minutes and gigabytes. Each must be refused, or answered, in under
// 10 s and 1 GiB. The one exception is a setting a real app writes by default (Ente Auth's, the
// costliest): it must be answered, and its cost is printed. A table is printed at the end.
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegisEncrypted, bitwardenProtected, enteEncrypted } from '../import/builders';
import { expectBounded, FiguresTable, LIMIT_MIB } from '../support/bounds';
import { runBin, type BinResult } from '../support/run-bin';
import { skipReason } from '../support/skip';
import { FIXTURES } from '../transfer/support';

const PASSWORD = 'correct horse battery staple';
const ACCOUNT = 'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme';
const DB = {
  version: 3,
  entries: [
    {
      type: 'totp',
      uuid: 'e1',
      name: 'alice',
      issuer: 'Acme',
      info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA1', digits: 6, period: 30 },
    },
  ],
  groups: [],
};

const BITWARDEN_ITEMS = {
  encrypted: false,
  items: [{ type: 1, name: 'Acme', login: { username: 'alice', totp: ACCOUNT } }],
};

let dir: string;
let passwordFile: string;
const figures = new FiguresTable();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'twofold-hostile-imports-'));
  passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  figures.print();
});

type AegisVault = { header: { slots: Record<string, unknown>[] } };

function aegis(change: (slot: Record<string, unknown>) => Record<string, unknown>[], n = 1024): AegisVault {
  const vault = aegisEncrypted(DB, PASSWORD, n) as AegisVault;
  const slot = vault.header.slots[0] ?? {};
  return { ...vault, header: { ...vault.header, slots: change(slot) } };
}

/** A slot the password does not open (its own salt): deriving it is the whole cost. */
const wrongSlot = (slot: Record<string, unknown>, index: number) => ({
  ...slot,
  uuid: `wrong-${index}`,
  salt: randomBytes(32).toString('hex'),
});

/** Authy's settings file with `count` secrets, each under its own PBKDF2 (1,000 iterations) salt. */
function authy(count: number): string {
  const tokens = Array.from({ length: count }, (_, index) => {
    const salt = randomBytes(16).toString('base64');
    const key = pbkdf2Sync(PASSWORD, salt, 1_000, 32, 'sha1');
    const cipher = createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
    const sealed = Buffer.concat([cipher.update('JBSWY3DPEHPK3PXP'), cipher.final()]);
    return {
      accountType: 'authenticator',
      digits: 6,
      encryptedSecret: sealed.toString('base64'),
      originalName: `Acme:user${index}`,
      salt,
    };
  });
  const json = JSON.stringify(tokens).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <string name="com.authy.storage.tokens.authenticator.key">${json}</string>\n</map>\n`;
}

async function imported(
  input: string,
  name: string,
  content: unknown,
  password = passwordFile,
): Promise<BinResult> {
  const path = join(dir, name);
  writeFileSync(
    path,
    content instanceof Uint8Array || typeof content === 'string' ? content : JSON.stringify(content),
  );
  const result = await runBin(
    'twofold',
    ['import', path, '--password-file', password, '--dry-run', '--json'],
    {
      env: {
        TWOFOLD_VAULT: join(dir, `${name}.twofold`),
        TWOFOLD_PASSWORD: 'vault password for tests',
        TWOFOLD_HOME: dir,
        NO_COLOR: '1',
      },
      measure: true,
      timeoutMs: 120_000,
    },
  );
  const refusal = /^twofold: (.*)$/m.exec(result.stderr)?.[1] ?? '';
  figures.add(
    input,
    result.status === 0
      ? 'answered'
      : result.status === null
        ? 'killed'
        : `refused: ${refusal.slice(0, 90)}${refusal.length > 90 ? '…' : ''}`,
    result,
  );
  return result;
}

function expectRefused(result: BinResult, words: RegExp): void {
  expectBounded(result);
  expect(result.status, result.stdout).toBe(2);
  expect(result.stderr).toMatch(words);
  expect(result.stderr).toMatch(/It was not tried\./);
}

function expectAnswered(result: BinResult, accounts: number): void {
  expect(result.status, result.stderr).toBe(0);
  expect((JSON.parse(result.stdout) as { imported: number }).imported).toBe(accounts);
}

describe('hostile key-derivation settings in encrypted exports', { timeout: 180_000 }, () => {
  it('an Aegis vault with 20 password slots is refused before any is derived', async () => {
    const result = await imported(
      'Aegis, 20 password slots (N=2^15)',
      'aegis-20-slots.json',
      aegis((slot) => Array.from({ length: 20 }, (_, index) => wrongSlot(slot, index)), 2 ** 15),
    );
    expectRefused(result, /has 20 password slots; Aegis writes one or two/);
  });

  it('an Aegis slot one step past what Aegis writes (N=2^16) is refused', async () => {
    const result = await imported(
      'Aegis, scrypt N=2^16 (limit + 1)',
      'aegis-n16.json',
      aegis((slot) => [{ ...slot, n: 2 ** 16 }]),
    );
    expectRefused(result, /scrypt with N=65536, r=8, p=1; Aegis writes at most N=32768, r=8, p=1/);
  });

  it('an Aegis vault at the limit (4 password slots of N=2^15, 30 biometric slots) is answered', async () => {
    const vault = aegis(
      (slot) => [
        ...Array.from({ length: 3 }, (_, index) => wrongSlot(slot, index)),
        ...Array.from({ length: 30 }, (_, index) => ({ ...wrongSlot(slot, index), type: 2 })),
        slot,
      ],
      2 ** 15,
    );
    const result = await imported('Aegis, 4 password slots at N=2^15 + 30 biometric', 'aegis-4.json', vault);
    expectBounded(result);
    expectAnswered(result, 1);
  });

  it('Argon2id past what Ente Auth writes is refused: memory, and memory × passes', async () => {
    const base = (await enteEncrypted(ACCOUNT, PASSWORD)) as { kdfParams: Record<string, unknown> };
    const ente = (memLimit: number, opsLimit: number) => ({
      ...base,
      kdfParams: { ...base.kdfParams, memLimit, opsLimit },
    });
    expectRefused(
      await imported('Ente Auth, Argon2id 4 GiB × 4', 'ente-4g.json', ente(4 * 1024 ** 3, 4)),
      /Argon2id with 4,096 MiB of memory; Ente Auth writes at most 1,024 MiB/,
    );
    expectRefused(
      await imported('Ente Auth, Argon2id 1 GiB × 64', 'ente-1g-64.json', ente(1024 ** 3, 64)),
      /1,024 MiB × 64 passes; Ente Auth's strongest setting is/,
    );
    expectRefused(
      await imported('Ente Auth, Argon2id 256 MiB × 17', 'ente-256-17.json', ente(256 * 1024 ** 2, 17)),
      /256 MiB × 17 passes/,
    );
  });

  it('Argon2id and PBKDF2 past what Bitwarden lets anyone choose are refused', async () => {
    const base = (await bitwardenProtected({ encrypted: false, items: [] }, PASSWORD, {
      type: 0,
      iterations: 1_000,
    })) as Record<string, unknown>;
    const argon2 = { ...base, kdfType: 1, kdfIterations: 10, kdfMemory: 1024, kdfParallelism: 16 };
    expectRefused(
      await imported('Bitwarden, PBKDF2 100,000,000 iterations', 'bw-pbkdf2.json', {
        ...base,
        kdfIterations: 100_000_000,
      }),
      /PBKDF2 with 100,000,000 iterations; Bitwarden writes at most 2,000,000/,
    );
    expectRefused(
      await imported('Bitwarden, Argon2id 1025 MiB', 'bw-mem.json', { ...argon2, kdfMemory: 1025 }),
      /1,025 MiB of memory; Bitwarden writes at most 1,024 MiB/,
    );
    expectRefused(
      await imported('Bitwarden, Argon2id 11 passes', 'bw-passes.json', { ...argon2, kdfIterations: 11 }),
      /11 passes; Bitwarden writes at most 10/,
    );
    expectRefused(
      await imported('Bitwarden, Argon2id 64 GiB × 64', 'bw-huge.json', {
        ...argon2,
        kdfMemory: 65_536,
        kdfIterations: 64,
      }),
      /65,536 MiB of memory/,
    );
  });

  it('an Authy settings file with more encrypted secrets than anyone keeps is refused; 1,000 are answered', async () => {
    expectRefused(
      await imported('Authy, 1,001 encrypted secrets', 'authy-1001.xml', authy(1_001)),
      /has 1,001 encrypted secrets; Twofold reads at most 1,000/,
    );
    const result = await imported('Authy, 1,000 encrypted secrets', 'authy-1000.xml', authy(1_000));
    expectBounded(result);
    expectAnswered(result, 1_000);
  });
});

describe('the costliest settings real apps write by default are answered', { timeout: 300_000 }, () => {
  it("Ente Auth's default (Argon2id 256 MiB × 16 passes), with progress on stderr", async () => {
    const file = await enteEncrypted(ACCOUNT, PASSWORD, { memLimit: 256 * 1024 ** 2, opsLimit: 16 });
    const result = await imported(
      'Ente Auth default, Argon2id 256 MiB × 16 (exempt)',
      'ente-default.json',
      file,
    );
    expectAnswered(result, 1);
    expect(result.stderr).toMatch(/Argon2id t=16 m=262144 KiB p=1.*Ctrl\+C/);
    // Not held to 10 s (a real app's default is never refused), but to its memory.
    expect(result.peakRssMiB).toBeLessThan(LIMIT_MIB);
  });

  it("Bitwarden's default Argon2id (64 MiB × 3, p=4) and PBKDF2 (600,000)", async () => {
    const argon2 = await bitwardenProtected(BITWARDEN_ITEMS, PASSWORD, {
      type: 1,
      iterations: 3,
      memoryMiB: 64,
      parallelism: 4,
    });
    const pbkdf2 = await bitwardenProtected(BITWARDEN_ITEMS, PASSWORD, {
      type: 0,
      iterations: 600_000,
    });
    for (const [input, name, file] of [
      ['Bitwarden default, Argon2id 64 MiB × 3, p=4', 'bw-default-argon2.json', argon2],
      ['Bitwarden default, PBKDF2 600,000', 'bw-default-pbkdf2.json', pbkdf2],
    ] as const) {
      const result = await imported(input, name, file);
      expectBounded(result);
      expectAnswered(result, 1);
    }
  });
});

/** Real encrypted exports (../shared/fixtures/imports), each with the settings its app wrote. */
const REAL: { file: string; password: string; accounts: number; kdf: string }[] = [
  { file: 'aegis/aegis_encrypted.json', password: 'test', accounts: 7, kdf: 'scrypt N=2^15 r=8 p=1' },
  {
    file: 'gnome-authenticator/aegis_encrypted.json',
    password: 'test',
    accounts: 7,
    kdf: 'scrypt, + biometric slot',
  },
  { file: 'aegis/stratum_encrypted.bin', password: 'test', accounts: 7, kdf: 'Argon2id 64 MiB × 3, p=4' },
  {
    file: 'ente/proton_authenticator_backup_encrypted_1231246.json',
    password: '1231246',
    accounts: 4,
    kdf: 'Argon2id 19 MiB × 2',
  },
  { file: 'aegis/andotp_encrypted.bin', password: 'test', accounts: 7, kdf: 'PBKDF2-SHA1 145,776' },
  {
    file: 'aegis/2fas_authenticator_encrypted_v4.2fas',
    password: 'test',
    accounts: 5,
    kdf: 'PBKDF2-SHA256 10,000',
  },
  {
    file: 'aegis/authy_encrypted.xml',
    password: 'testtest',
    accounts: 3,
    kdf: 'PBKDF2-SHA1 1,000 per secret',
  },
];
const absent = existsSync(FIXTURES) ? null : `${FIXTURES} is absent`;
skipReason('real encrypted exports through twofold import', absent);

describe.skipIf(absent !== null)('real encrypted exports keep opening', { timeout: 120_000 }, () => {
  for (const { file, password, accounts, kdf } of REAL) {
    it(`${file} (${kdf})`, async () => {
      const passwordPath = join(dir, `${file.replace(/\W/g, '_')}.password`);
      writeFileSync(passwordPath, `${password}\n`);
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
      const result = await imported(`${file} (${kdf})`, file.replace(/\W/g, '_'), bytes, passwordPath);
      expectBounded(result);
      expectAnswered(result, accounts);
    });
  }
});
