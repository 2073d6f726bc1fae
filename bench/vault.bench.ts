// npm run bench:vault — what encryption and the keychain cost: open + unlock
// (keychain slot) + list, and every entry's code, against reading and
// JSON-parsing a plain file of the same entries, in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { nodeOtpEngine } from '../src/node/otp-engine';
import { Vault, type NewEntry } from '../src/desktop/vault';
import { encodeBase32, keyOf, type OtpAccount } from '../src/shared/otp';
import { medians } from './support/medians';

const SIZES = [10, 1_000, 10_000];

function makeEntries(count: number): NewEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'totp',
    issuer: `Issuer ${i % 97}`,
    account: `user${i}@example.com`,
    secret: encodeBase32(randomBytes(20)),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    group: i % 3 === 0 ? 'Work' : '',
    note: '',
  }));
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'twofold-bench-'));
  const rows: string[][] = [];
  try {
    for (const size of SIZES) {
      const runs = size >= 10_000 ? 11 : 51;
      const entries = makeEntries(size);
      const vaultPath = join(folder, `vault-${size}.twofold`);
      const plainPath = join(folder, `plain-${size}.json`);
      const vault = await Vault.create({ path: vaultPath });
      await vault.addMany(entries);
      // The plain baseline holds exactly what the vault encrypts.
      await writeFile(
        plainPath,
        JSON.stringify({ entries: vault.list().map((meta, i) => ({ ...meta, secret: entries[i]?.secret })) }),
      );

      const [plainOpen, vaultOpen] = await medians(
        runs,
        async () => JSON.parse(await readFile(plainPath, 'utf8')),
        async () => (await Vault.open({ path: vaultPath })).list(),
      );

      const plain = JSON.parse(await readFile(plainPath, 'utf8')) as { entries: OtpAccount[] };
      const now = Date.now() / 1000;
      const opened = await Vault.open({ path: vaultPath });
      const firstCodes = performance.now();
      opened.codes(now);
      const vaultCodesCold = performance.now() - firstCodes;
      // Like the vault: decode each secret, then the current and the next code. Each
      // vault run asks for a step it has not seen, so its per-step cache cannot answer.
      let unseenStep = 0;
      const [plainCodes, vaultCodes] = await medians(
        runs,
        () =>
          plain.entries.map((entry) => {
            const key = keyOf(entry);
            return [nodeOtpEngine.totp(key, now), nodeOtpEngine.totp(key, now + entry.period)];
          }),
        () => opened.codes(now + (unseenStep += 86_400)),
      );
      // Once a second within a step: what the desktop's ticker asks most of the time.
      const [, vaultSameStep] = await medians(
        runs,
        () => undefined,
        () => opened.codes(now),
      );

      rows.push(
        [`${size}`, 'open+unlock+list', ms(plainOpen), ms(vaultOpen), ratio(vaultOpen, plainOpen)],
        [`${size}`, 'codes (new step)', ms(plainCodes), ms(vaultCodes), ratio(vaultCodes, plainCodes)],
        [`${size}`, 'codes (same step)', ms(plainCodes), ms(vaultSameStep), ratio(vaultSameStep, plainCodes)],
        [
          `${size}`,
          'codes (first call)',
          ms(plainCodes),
          ms(vaultCodesCold),
          ratio(vaultCodesCold, plainCodes),
        ],
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const header = ['entries', 'operation', 'plain JSON', 'vault', 'ratio'];
  const widths = header.map((title, col) =>
    Math.max(title.length, ...rows.map((row) => row[col]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    '\nplain JSON = readFile + JSON.parse (codes: decode + current and next TOTP per entry of the parsed file); median of runs, the two sides alternated.',
  );
  console.log('Target: 1,000 entries open+unlock+list under 3× the plain read.');
}

await main();
