// npm run bench:import — what importing costs: a 10,000-entry otpauth link list and a
// 1,000-entry plain Aegis vault through the importers (sniffing, parsing, checking every
// entry), against reading and plainly parsing the same file, in the same run. Key
// derivation is excluded there and timed on its own for each encrypted format.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KdfSession, sha256 } from '../src/desktop/import/formats/support/crypto';
import type { KdfRequest } from '../src/desktop/import/formats/support/kdf-worker';
import { readImport } from '../src/desktop/import/registry';
import type { KdfTiming } from '../src/desktop/import/types';
import { encodeBase32, formatOtpauthUri, type OtpAccount } from '../src/shared/otp';
import { medians } from './support/medians';

const TARGET_RATIO = 5;

function makeAccounts(count: number): OtpAccount[] {
  const algorithms = ['SHA1', 'SHA256', 'SHA512'] as const;
  return Array.from({ length: count }, (_, i) => ({
    type: i % 10 === 0 ? 'hotp' : 'totp',
    issuer: `Issuer ${i % 97}`,
    account: `user${i}@example.com`,
    secret: encodeBase32(randomBytes(20)),
    algorithm: algorithms[i % 3] ?? 'SHA1',
    digits: 6 + (i % 3),
    period: 30,
    counter: i % 10 === 0 ? i : 0,
  }));
}

function aegisVault(accounts: readonly OtpAccount[]): unknown {
  return {
    version: 1,
    header: { slots: null, params: null },
    db: {
      version: 3,
      groups: [{ uuid: 'work', name: 'Work' }],
      entries: accounts.map((account, i) => ({
        type: account.type,
        uuid: `uuid-${i}`,
        name: account.account,
        issuer: account.issuer,
        note: i % 5 === 0 ? 'backup codes in the drawer' : '',
        icon: null,
        groups: i % 3 === 0 ? ['work'] : [],
        info: {
          secret: account.secret,
          algo: account.algorithm,
          digits: account.digits,
          ...(account.type === 'hotp' ? { counter: account.counter } : { period: account.period }),
        },
      })),
    },
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** One row per imported file: the plain read, the import, their ratio against the target. */
export interface ImportBenchRow {
  readonly file: string;
  readonly baseline: string;
  readonly baselineMs: number;
  readonly importMs: number;
  readonly ratio: number;
}

export async function benchImports(runs = 15): Promise<ImportBenchRow[]> {
  const folder = await mkdtemp(join(tmpdir(), 'twofold-import-bench-'));
  try {
    const linksPath = join(folder, 'links.txt');
    const links = makeAccounts(10_000).map(formatOtpauthUri);
    await writeFile(linksPath, `${links.join('\n')}\n`);
    const aegisPath = join(folder, 'aegis.json');
    await writeFile(aegisPath, JSON.stringify(aegisVault(makeAccounts(1_000))));

    const rows: ImportBenchRow[] = [];
    const importFile = async (path: string, expected: number) => {
      const result = await readImport({ bytes: new Uint8Array(await readFile(path)), fileName: path });
      if (result.entries.length !== expected)
        throw new Error(`expected ${expected} entries, got ${result.entries.length}`);
    };

    // A link list is not JSON: its plain parse is one WHATWG URL per line, reading the secret.
    const [linksBase, linksImport] = await medians(
      runs,
      async () => {
        const text = await readFile(linksPath, 'utf8');
        let read = 0;
        for (const line of text.split('\n')) if (line && new URL(line).searchParams.get('secret')) read++;
        return read;
      },
      () => importFile(linksPath, 10_000),
    );
    rows.push({
      file: '10,000-entry otpauth link list',
      baseline: 'read + URL-parse each line',
      baselineMs: linksBase,
      importMs: linksImport,
      ratio: linksImport / linksBase,
    });

    const [aegisBase, aegisImport] = await medians(
      runs,
      async () => JSON.parse(await readFile(aegisPath, 'utf8')) as unknown,
      () => importFile(aegisPath, 1_000),
    );
    rows.push({
      file: '1,000-entry plain Aegis vault',
      baseline: 'read + JSON.parse',
      baselineMs: aegisBase,
      importMs: aegisImport,
      ratio: aegisImport / aegisBase,
    });
    return rows;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Each encrypted format's key derivation with the parameters its app writes, timed alone (in the worker). */
export async function benchKdfs(): Promise<{ format: string; timing: KdfTiming }[]> {
  const salt = randomBytes(32);
  const password = 'correct horse battery staple';
  const sha = async (): Promise<KdfTiming> => {
    const start = performance.now();
    sha256(password);
    return { name: 'SHA-256 of the password', ms: performance.now() - start };
  };
  const pbkdf2 = (iterations: number, hash: 'sha1' | 'sha256'): KdfRequest => ({
    kind: 'pbkdf2',
    password,
    salt,
    iterations,
    hash,
    length: 32,
  });
  const argon2 = (passes: number, memoryKiB: number, parallelism: number): KdfRequest => ({
    kind: 'argon2id',
    password,
    salt,
    passes,
    memoryKiB,
    parallelism,
  });
  const kdfs: [string, KdfRequest | (() => Promise<KdfTiming>)][] = [
    ['Aegis (password slot)', { kind: 'scrypt', password, salt, N: 32_768, r: 8, p: 1 }],
    ['2FAS', pbkdf2(10_000, 'sha256')],
    ['andOTP ≥ 0.6.3 (count as in the fixture)', pbkdf2(145_776, 'sha1')],
    ['andOTP ≤ 0.6.2', sha],
    ['Bitwarden, PBKDF2 (default count)', pbkdf2(600_000, 'sha256')],
    ['Bitwarden, PBKDF2 (strongest setting)', pbkdf2(2_000_000, 'sha256')],
    ['Bitwarden, Argon2id (default)', argon2(3, 64 * 1024, 4)],
    ['Bitwarden, Argon2id (strongest setting)', argon2(10, 1024 * 1024, 16)],
    ['Ente Auth (default: 256 MiB × 16)', argon2(16, 256 * 1024, 1)],
    ['Ente Auth (older apps: 1024 MiB × 4)', argon2(4, 1024 * 1024, 1)],
    ['Proton Authenticator', argon2(2, 19_456, 1)],
    ['Authenticator Pro', argon2(3, 64 * 1024, 4)],
    ['Authenticator Pro (legacy)', pbkdf2(64_000, 'sha1')],
    ['Authy (Android settings, per secret)', pbkdf2(1_000, 'sha1')],
  ];
  const out: { format: string; timing: KdfTiming }[] = [];
  for (const [format, run] of kdfs) {
    if (typeof run === 'function') {
      out.push({ format, timing: await run() });
      continue;
    }
    const session = new KdfSession();
    try {
      out.push({ format, timing: (await session.derive(run)).timing });
    } finally {
      session.close();
    }
  }
  return out;
}

async function main(): Promise<void> {
  const rows = await benchImports();
  console.log('Import, key derivation excluded (median of 15, alternating with the baseline):');
  console.table(
    rows.map((row) => ({
      file: row.file,
      baseline: `${row.baseline}: ${ms(row.baselineMs)}`,
      import: ms(row.importMs),
      ratio: `${row.ratio.toFixed(2)}×`,
      [`target ≤ ${TARGET_RATIO}×`]: row.ratio <= TARGET_RATIO ? 'met' : 'MISSED',
    })),
  );
  console.log('Key derivation of each encrypted format, on its own (one run each):');
  console.table(
    (await benchKdfs()).map(({ format, timing }) => ({ format, kdf: timing.name, time: ms(timing.ms) })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
