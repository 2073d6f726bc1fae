import { execFileSync } from 'node:child_process';
import {
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osKeychain } from '../../src/desktop/keychain';
import { FolderSync, type Notice } from '../../src/desktop/sync';
import { Vault } from '../../src/desktop/vault';
import { skipReason } from '../support/skip';
import { account, computer, keychainUnavailable, syncFolder, type Computer } from './support';

/**
 * The folder is untrusted: each hostile input below is put where the next file of computer A
 * would be (or beside it), then B syncs. Each must be refused with its notice, nothing in it
 * merged, nothing crashed, within bounded time and memory; the real file, put back, merges.
 */

let tmp: Awaited<ReturnType<typeof syncFolder>>;
let n = 0;
const table: { input: string; refused: string; merged: string }[] = [];

interface Pair {
  a: Computer;
  b: Computer;
  folder: string;
  /** A's device folder, and the file A wrote last (B has not read it yet). */
  aDir: string;
  pending: string;
}

const deviceIdOf = async (c: Computer): Promise<string> =>
  (JSON.parse(await readFile(`${c.vault.path}.sync.json`, 'utf8')) as { device: string }).device;

/** A and B synced on one entry; then A adds "Pending" and writes it; B has not read it. */
async function pair(): Promise<Pair> {
  const folder = join(tmp.path, `f${n++}`);
  await mkdir(folder);
  const homes = join(tmp.path, `homes${n}`);
  const a = await computer(homes, 'a', folder, null);
  await a.vault.add(account('Known', 'me'));
  await a.sync.now();
  const b = await computer(homes, 'b', folder, { code: a.sync.pairingCode() });
  expect(b.vault.list().map((entry) => entry.issuer)).toEqual(['Known']);
  await a.vault.add(account('Pending', 'me'));
  await a.sync.now();
  const aDir = join(folder, `d-${await deviceIdOf(a)}`);
  const names = (await readdir(aDir)).filter((name) => name.endsWith('.chg')).sort();
  return { a, b, folder, aDir, pending: join(aDir, names[names.length - 1] as string) };
}

const issuers = (c: Computer) => c.vault.list().map((entry) => entry.issuer);
const reasons = (notices: readonly Notice[]) =>
  notices.filter((x) => x.kind === 'refused').map((x) => x.reason);

async function expectRefused(
  input: string,
  p: Pair,
  reason: string,
  restore: () => Promise<void>,
): Promise<void> {
  const report = await p.b.sync.now();
  expect(reasons(report.notices)).toContain(reason);
  expect(issuers(p.b)).toEqual(['Known']);
  await restore();
  const after = await p.b.sync.now();
  expect(reasons(after.notices)).toEqual([]);
  expect(issuers(p.b)).toEqual(['Known', 'Pending']);
  table.push({ input, refused: `yes (${reason})`, merged: 'no; the real file, put back, merged' });
}

describe.skipIf(skipReason('hostile sync folder (real keychain)', keychainUnavailable()))(
  'a hostile sync folder',
  () => {
    beforeAll(async () => {
      tmp = await syncFolder();
    });
    afterAll(async () => {
      console.log(
        `\nHostile folder table:\n| input | refused | merged |\n| --- | --- | --- |\n${table
          .map((row) => `| ${row.input} | ${row.refused} | ${row.merged} |`)
          .join('\n')}\n`,
      );
      await tmp.cleanup();
    });

    const setUp = pair;

    it('refuses a file sealed under another key (another sync set-up put in the folder)', async () => {
      const p = await setUp();
      const other = await computer(
        join(tmp.path, `stranger${n++}`),
        'stranger',
        join(tmp.path, 'Sync'),
        null,
      );
      await other.vault.add(account('Stranger', 'x'));
      await other.sync.now();
      const strangerDir = (await readdir(join(tmp.path, 'Sync'))).find((name) =>
        name.startsWith('d-'),
      ) as string;
      const real = await readFile(p.pending);
      const foreign = (await readdir(join(tmp.path, 'Sync', strangerDir)))
        .filter((x) => x.endsWith('.chg'))
        .sort()[0] as string;
      // The stranger's folder as a whole, and its file under A's name.
      await copyDir(join(tmp.path, 'Sync', strangerDir), join(p.folder, strangerDir));
      await copyFile(join(tmp.path, 'Sync', strangerDir, foreign), p.pending);
      const report = await p.b.sync.now();
      expect(reasons(report.notices)).toEqual(expect.arrayContaining(['foreign-key', 'replayed']));
      expect(issuers(p.b)).toEqual(['Known']);
      await rm(join(p.folder, strangerDir), { recursive: true });
      await writeFile(p.pending, real);
      expect(reasons((await p.b.sync.now()).notices)).toEqual([]);
      expect(issuers(p.b)).toEqual(['Known', 'Pending']);
      table.push({
        input: 'files of another sync key (a device folder of its own, and one under A’s name)',
        refused: 'yes (foreign-key; replayed for the one renamed)',
        merged: 'no',
      });
    }, 60_000);

    it('refuses bit flips anywhere in a file', async () => {
      const p = await setUp();
      const real = await readFile(p.pending);
      for (const at of [20, Math.floor(real.length / 2), real.length - 1]) {
        const flipped = Buffer.from(real);
        flipped[at] = (flipped[at] as number) ^ 0x10;
        await writeFile(p.pending, flipped);
        const report = await p.b.sync.now();
        expect(reasons(report.notices).length).toBe(1);
        expect(issuers(p.b)).toEqual(['Known']);
      }
      await expectRefused('bit flips (header, middle, last byte)', p, 'altered', async () => {
        const flipped = Buffer.from(real);
        flipped[real.length - 5] = (flipped[real.length - 5] as number) ^ 1;
        await writeFile(p.pending, flipped);
        expect(reasons((await p.b.sync.now()).notices)).toEqual(['altered']);
        await writeFile(p.pending, real);
      });
    }, 60_000);

    it('refuses a truncated file', async () => {
      const p = await setUp();
      const real = await readFile(p.pending);
      await truncate(p.pending, real.length - 7);
      await expectRefused('truncation (7 bytes cut)', p, 'truncated', () => writeFile(p.pending, real));
    }, 60_000);

    it('refuses a replayed file (an older file of A under the next number)', async () => {
      const p = await setUp();
      const real = await readFile(p.pending);
      const older = (await readdir(p.aDir)).filter((x) => /^\d{10}\.(chg|snap)$/.test(x)).sort()[0] as string;
      await copyFile(join(p.aDir, older), p.pending);
      await expectRefused('replay of an older file under the next number', p, 'replayed', () =>
        writeFile(p.pending, real),
      );
    }, 60_000);

    it('refuses a roll-back (an older copy of A’s folder put back after B read further)', async () => {
      const p = await setUp();
      const before = join(tmp.path, `copy${n++}`);
      await copyDir(p.aDir, before);
      await p.b.sync.now();
      expect(issuers(p.b)).toEqual(['Known', 'Pending']);
      await p.a.vault.add(account('Later', 'me'));
      await p.a.sync.now();
      await p.b.sync.now();
      // A's folder as it was two files ago, plus the position file.
      await rm(p.aDir, { recursive: true });
      await copyDir(before, p.aDir);
      const report = await p.b.sync.now();
      expect(reasons(report.notices)).toContain('rolled-back');
      expect(issuers(p.b)).toEqual(['Known', 'Pending', 'Later']);
      table.push({
        input: 'roll-back of A’s folder to an older copy',
        refused: 'yes (rolled-back)',
        merged: 'no (B keeps what it had)',
      });
    }, 60_000);

    it('refuses a 1 GB junk file by its size, unread, in bounded time and memory', async () => {
      const p = await setUp();
      const real = await readFile(p.pending);
      const junk = await open(p.pending, 'w');
      await junk.truncate(1024 ** 3); // sparse: no disk used
      await junk.close();
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      const report = await p.b.sync.now();
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
      expect(reasons(report.notices)).toEqual(['too-large']);
      expect(issuers(p.b)).toEqual(['Known']);
      await writeFile(p.pending, real);
      expect(reasons((await p.b.sync.now()).notices)).toEqual([]);
      expect(issuers(p.b)).toEqual(['Known', 'Pending']);
      table.push({
        input: 'a 1 GB junk file (sparse) as the next file',
        refused: 'yes (too-large, by its size, unread)',
        merged: 'no; the real file, put back, merged',
      });
    }, 60_000);

    it('refuses a link in place of a file (to /dev/zero)', async () => {
      const p = await setUp();
      const real = await readFile(p.pending);
      await rm(p.pending);
      await symlink('/dev/zero', p.pending);
      await expectRefused('a symbolic link to /dev/zero as the next file', p, 'not-sync', async () => {
        await rm(p.pending);
        await writeFile(p.pending, real);
      });
    }, 60_000);

    it('ignores 100,000 tiny foreign files, and refuses tiny files under sync names, in bounded time and memory', async () => {
      const p = await setUp();
      const junk = join(p.folder, 'junk');
      await mkdir(junk);
      // 100,000 files: 90,000 in the folder's root (not Twofold's names), 10,000 under A's
      // next numbers (each a few bytes).
      const real = await readFile(p.pending);
      const pendingSeq = Number(p.pending.slice(-14, -4));
      // Made by seq and xargs touch (empty files): tens of times quicker than one write each.
      const touch = (dir: string, list: string) =>
        execFileSync('sh', ['-c', `${list} | xargs touch`], { cwd: dir, stdio: 'ignore' });
      touch(p.folder, "seq -f 'note-%g.txt' 0 89999");
      touch(p.aDir, `seq -f '%010g.chg' ${pendingSeq + 1} ${pendingSeq + 10_000}`);
      await writeFile(p.pending, 'tiny');
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      const report = await p.b.sync.now();
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(15_000);
      expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
      expect(reasons(report.notices)).toEqual(['not-sync']);
      expect(report.notices.find((x) => x.kind === 'ignored')?.message).toMatch(
        /^90,001 items in the sync folder are not Twofold's/,
      );
      expect(issuers(p.b)).toEqual(['Known']);
      await writeFile(p.pending, real);
      const after = await p.b.sync.now();
      // The real file merges; the junk after it is refused, one notice, not 10,000.
      expect(issuers(p.b)).toEqual(['Known', 'Pending']);
      expect(reasons(after.notices)).toEqual(['not-sync']);
      table.push({
        input: '100,000 tiny files (90,000 foreign names in the root, 10,000 under A’s next numbers)',
        refused: `yes (one "ignored" notice for the foreign ones; the first numbered one refused as not-sync, the rest wait), ${Math.round(elapsed)} ms`,
        merged: 'no',
      });
    }, 180_000);

    it('takes sync tools’ artefacts in its stride: conflict copies, duplicates, temp files, a missing file', async () => {
      const p = await setUp();
      const name = p.pending.slice(p.aDir.length + 1);
      // Half-written temp files (ours and Syncthing's) and a duplicate of the real file.
      await writeFile(join(p.aDir, `.${name}.1234.abcdef.tmp`), 'half');
      await writeFile(join(p.aDir, `.syncthing.${name}.tmp`), 'half');
      await copyFile(p.pending, join(p.aDir, `${name.slice(0, 10)} (1).chg`));
      await copyFile(
        p.pending,
        join(p.aDir, `${name.slice(0, 10)}.sync-conflict-20261206-101010-ABCDEFG.chg`),
      );
      await copyFile(p.pending, join(p.aDir, `${name.slice(0, 10)} (b's conflicted copy 2026-12-06).chg`));
      const report = await p.b.sync.now();
      expect(report.notices).toEqual([]);
      expect(issuers(p.b)).toEqual(['Known', 'Pending']);
      table.push({
        input: 'half-written temp files, a duplicate, Syncthing and Dropbox conflict copies of a file',
        refused: 'no notice (temps ignored; copies authenticated and merged idempotently)',
        merged: 'yes (once)',
      });

      // A fork: A's home copied to another computer (same device, same keys) writes its own file
      // under the same number as A; the sync tool keeps one and makes a conflict copy of the
      // other. Both are authenticated and merged; A's next file, chained to either, is read.
      const cloneHome = join(tmp.path, `clone${n++}`);
      await mkdir(cloneHome);
      for (const suffix of ['', '.sync.json', '.sync-state'])
        await copyFile(`${p.a.vault.path}${suffix}`, join(cloneHome, `vault.twofold${suffix}`));
      const keychain = osKeychain();
      const cloneVault = await Vault.open({ path: join(cloneHome, 'vault.twofold'), keychain });
      const clone = (await FolderSync.open(cloneVault, keychain)) as FolderSync;
      await p.a.vault.add(account('Fork one', 'me'));
      await p.a.sync.now();
      const forkName = (await readdir(p.aDir))
        .filter((x) => /^\d{10}\.chg$/.test(x))
        .sort()
        .pop() as string;
      await rename(
        join(p.aDir, forkName),
        join(p.aDir, `${forkName.slice(0, 10)}.sync-conflict-20261206-111111-XYZ1234.chg`),
      );
      await cloneVault.add(account('Fork two', 'me'));
      await clone.now();
      expect(await readdir(p.aDir)).toContain(forkName);
      const forked = await p.b.sync.now();
      expect(forked.notices).toEqual([]);
      expect(issuers(p.b).sort()).toEqual(['Fork one', 'Fork two', 'Known', 'Pending']);
      cloneVault.close();

      // A missing file: B waits, merges nothing after the gap, and takes both once it arrives.
      await p.a.vault.add(account('Gap', 'me'));
      await p.a.sync.now();
      await p.a.vault.add(account('After gap', 'me'));
      await p.a.sync.now();
      const now = (await readdir(p.aDir)).filter((x) => /^\d{10}\.chg$/.test(x)).sort();
      const gap = now[now.length - 2] as string;
      const held = await readFile(join(p.aDir, gap));
      await rm(join(p.aDir, gap));
      const waiting = await p.b.sync.now();
      expect(waiting.notices.map((x) => x.kind)).toEqual(['waiting']);
      expect(issuers(p.b)).not.toContain('After gap');
      await writeFile(join(p.aDir, gap), held);
      expect((await p.b.sync.now()).notices).toEqual([]);
      expect(issuers(p.b)).toEqual(expect.arrayContaining(['Fork one', 'Fork two', 'Gap', 'After gap']));
      table.push({
        input: 'a missing file (a gap in A’s numbers)',
        refused: 'waits with a notice; later files held back',
        merged: 'yes, once the file arrived',
      });
    }, 60_000);
  },
);

async function copyDir(from: string, to: string): Promise<void> {
  execFileSync('cp', ['-a', from, to]);
}
