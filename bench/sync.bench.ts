// npm run bench:sync — what folder sync costs (issue 23), each against a baseline in the same run:
// 1. merging 10,000 changes from 3 devices: a new computer joining reads, checks, decrypts and
//    merges every file the three wrote, and writes its vault once; baseline: one plain vault
//    write of the same entries (Vault.addMany into a new vault). Also the merge engine alone on
//    the same 10,000 changes in memory.
// 2. the folder's size after 10,000 edits with snapshots (and old files removed once read);
//    baseline: the vault file holding the same entries.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { osKeychain } from '../src/desktop/keychain';
import { FolderSync } from '../src/desktop/sync';
import { readFolder } from '../src/desktop/sync/folder-reader';
import { freshState } from '../src/desktop/sync/local-state';
import { HybridClock } from '../src/desktop/sync/hlc';
import { mergeRound, type Registers } from '../src/desktop/sync/merge';
import { keyOfSeed, sodium } from '../src/desktop/sync/sodium';
import { seedOfCode } from '../src/desktop/sync/pairing-code';
import { Vault, type NewEntry } from '../src/desktop/vault';
import { encodeBase32 } from '../src/shared/otp';
import { median } from './support/medians';

const keychain = osKeychain();

function makeEntry(i: number, device: string): NewEntry {
  return {
    type: 'totp',
    issuer: `Issuer ${i % 97}`,
    account: `${device}-user${i}@example.com`,
    secret: encodeBase32(randomBytes(20)),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    group: i % 3 === 0 ? 'Work' : '',
    note: '',
  };
}

async function computer(root: string, name: string, folder: string, code: string | null) {
  const home = join(root, name);
  await mkdir(home, { recursive: true });
  const vault = await Vault.create({ path: join(home, 'vault.twofold'), keychain });
  const sync =
    code === null
      ? await FolderSync.setup(vault, keychain, { folder, name })
      : await FolderSync.join(vault, keychain, { code, folder, name });
  return { vault, sync };
}

async function folderBytes(path: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files++;
  }
  return { bytes, files };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const kib = (value: number) => `${(value / 1024).toFixed(1)} KiB`;

/** Three devices each add 120 entries (one file, 1,680 changes) and edit 32 notes in each of 26 more files (1,664). */
async function mergeBench(root: string): Promise<void> {
  const folder = join(root, 'merge');
  await mkdir(folder);
  const a = await computer(root, 'a', folder, null);
  const code = a.sync.pairingCode();
  const devices = [a, await computer(root, 'b', folder, code), await computer(root, 'c', folder, code)];
  let changes = 0;
  for (const [index, device] of devices.entries()) {
    const added = await device.vault.addMany(
      Array.from({ length: 120 }, (_, i) => makeEntry(i, `d${index}`)),
    );
    changes += (await device.sync.now()).wrote;
    for (let round = 0; round < 26; round++) {
      for (let i = 0; i < 32; i++) {
        const entry = added[(round * 32 + i) % added.length];
        if (entry) await device.vault.update(entry.id, { note: `round ${round}` });
      }
      changes += (await device.sync.now()).wrote;
    }
  }
  const entries = devices[2]?.vault.exportEntries() ?? [];

  const joins: number[] = [];
  const writes: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const reader = await computer(root, `reader${run}`, folder, code);
    joins.push(performance.now() - started);
    if (reader.vault.size !== entries.length) throw new Error('the reader did not get every entry');
    reader.vault.close();
    const plain = await Vault.create({ path: join(root, `plain${run}.twofold`), keychain });
    const begun = performance.now();
    await plain.addMany(entries);
    writes.push(performance.now() - begun);
    plain.close();
  }

  // The merge engine alone, on the same files read once into memory.
  const lib = await sodium();
  const { key, id } = keyOfSeed(lib, seedOfCode(code));
  const incoming = await readFolder(
    lib,
    { keys: new Map([[id, key]]) },
    folder,
    'f'.repeat(32),
    freshState(),
    [],
  );
  const merged = incoming.sets.reduce((sum, set) => sum + set.changes.length, 0);
  const engine: number[] = [];
  for (let run = 0; run < 11; run++) {
    const registers: Registers = new Map();
    const started = performance.now();
    mergeRound(registers, new HybridClock(), [], [], {
      self: 'f'.repeat(32),
      seq: 1,
      seenBefore: {},
      sets: incoming.sets,
      snapshots: incoming.snapshots,
      now: Date.now(),
    });
    engine.push(performance.now() - started);
  }
  const join_ = median(joins);
  const write = median(writes);
  console.log(
    `Merging ${changes.toLocaleString('en')} changes from 3 devices (${entries.length} entries, ${incoming.files} files):`,
  );
  console.log(
    `  a new computer joins and merges them (read, check, decrypt, merge, one vault write): ${ms(join_)}`,
  );
  console.log(
    `  baseline, a plain vault write of the same entries:                                 ${ms(write)}`,
  );
  console.log(`  ratio: ${(join_ / write).toFixed(2)}×`);
  console.log(
    `  the merge engine alone on the same ${merged.toLocaleString('en')} changes, in memory:            ${ms(median(engine))}`,
  );
}

/** One device makes 10,000 edits (a sync every 10), another reads every 100, so old files can go. */
async function sizeBench(root: string): Promise<void> {
  const folder = join(root, 'size');
  await mkdir(folder);
  const a = await computer(root, 'size-a', folder, null);
  const b = await computer(root, 'size-b', folder, a.sync.pairingCode());
  const added = await a.vault.addMany(Array.from({ length: 100 }, (_, i) => makeEntry(i, 'size')));
  await a.sync.now();
  let written = 0;
  let syncing = 0;
  const ownFolder = `d-${(JSON.parse(await readFile(`${a.vault.path}.sync.json`, 'utf8')) as { device: string }).device}`;
  const started = performance.now();
  for (let edit = 1; edit <= 10_000; edit++) {
    const entry = added[edit % added.length];
    if (entry) await a.vault.update(entry.id, { note: `edit ${edit}` });
    if (edit % 10 === 0) {
      const began = performance.now();
      await a.sync.now();
      syncing += performance.now() - began;
      // What the change file just written adds (without snapshots, every one would stay).
      const own = join(folder, (await readdir(folder)).find((name) => name === ownFolder) ?? '');
      const newest = (await readdir(own))
        .filter((name) => name.endsWith('.chg'))
        .sort()
        .pop();
      if (newest) written += (await stat(join(own, newest))).size;
    }
    if (edit % 100 === 0) await b.sync.now();
  }
  await b.sync.now();
  await a.sync.now();
  const elapsed = performance.now() - started;
  const size = await folderBytes(folder);
  const vaultBytes = (await stat(a.vault.path)).size;
  console.log(
    `Folder size after 10,000 edits (100 entries, a sync every 10 edits, snapshots every 32 change files):`,
  );
  console.log(`  the sync folder: ${kib(size.bytes)} in ${size.files} files (two devices)`);
  console.log(`  baseline, the vault file of the same entries: ${kib(vaultBytes)}`);
  console.log(
    `  ratio: ${(size.bytes / vaultBytes).toFixed(2)}× (without snapshots the folder would hold about ${kib(written)} of change files)`,
  );
  console.log(
    `  (10,000 vault edits, 1,000 syncs and 100 reads took ${(elapsed / 1000).toFixed(1)} s; a sync of 10 edits: ${ms(syncing / 1000)})`,
  );
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'twofold-sync-bench-'));
  try {
    await mergeBench(root);
    await sizeBench(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
