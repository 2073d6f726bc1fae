import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Keychain } from '../keychain';
import { writeFileAtomic } from '../vault/atomic-file';
import { lockVault, DEFAULT_LOCK } from '../vault/lock';
import type { Vault } from '../vault';
import type { VaultEntry } from '../vault/types';
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { SyncError } from './errors';
import {
  classifyName,
  encodeFile,
  fileHash,
  POSITION_FILE,
  rotationBodySchema,
  seqName,
  readHeader,
  Refused,
} from './file-format';
import {
  deviceFolder,
  KEYS_FOLDER,
  openFile,
  readBounded,
  readFolder,
  refusalNotice,
  type KeyRing,
} from './folder-reader';
import { HybridClock } from './hlc';
import {
  configPath,
  notice,
  readConfig,
  readSecrets,
  readState,
  statePath,
  writeConfig,
  writeSecrets,
  writeState,
  type Notice,
  type SyncConfig,
  type SyncSecrets,
  type SyncState,
} from './local-state';
import { flatten, materialize, mergeRound, type Change, type Conflict } from './merge';
import { codeOfSeed, SEED_BYTES, seedOfCode } from './pairing-code';
import { keyOfSeed, sodium, type Sodium } from './sodium';

/** A device writes a snapshot after this many change files of its own (and after a key change). */
export const SNAPSHOT_EVERY = 32;

export interface SyncReport {
  /** Fields this computer wrote to the folder, and files it merged from the others. */
  readonly wrote: number;
  readonly merged: number;
  /** "Edited on two computers" notices found in this run (each said once). */
  readonly conflicts: readonly Notice[];
  /** Refused files, missing files, foreign items: what the folder holds now that was not used. */
  readonly notices: readonly Notice[];
}

export interface SyncDevice {
  readonly id: string;
  readonly name: string;
  readonly self: boolean;
  readonly lastChange: string | null;
  readonly lastSync: string | null;
}

export interface SyncStatus {
  readonly folder: string;
  readonly device: { readonly id: string; readonly name: string };
  readonly lastSync: string | null;
  readonly devices: readonly SyncDevice[];
  readonly notices: readonly Notice[];
  readonly conflicts: readonly Notice[];
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const nowIso = () => new Date().toISOString();
const DEVICE_NAME_MAX = 64;

/** An entry as a conflict notice names it: "GitHub (me)", or whichever of the two it has. */
function entryName(entry: VaultEntry): string | PersonFacingMessage {
  if (entry.issuer && entry.account)
    return words('codes.entry.name', { issuer: entry.issuer, account: entry.account });
  return entry.issuer || entry.account || words('settings.sync.notice.unnamedEntry');
}

function deviceName(name: string | undefined): string {
  const chosen = (name ?? hostname())
    .trim()
    .replace(/\p{Cc}/gu, '')
    .slice(0, DEVICE_NAME_MAX);
  if (chosen === '')
    throw new SyncError('INVALID', words('settings.sync.error.noName', { option: '--name' }));
  return chosen;
}

async function checkFolder(folder: string): Promise<string> {
  const path = isAbsolute(folder) ? folder : resolve(folder);
  const stats = await stat(path).catch(() => null);
  if (!stats?.isDirectory())
    throw new SyncError('NO_FOLDER', words('settings.sync.error.noFolder', { path }));
  return path;
}

/**
 * Folder sync of one vault: this computer's changes go to its own folder in the sync folder as
 * encrypted, numbered, hash-chained change files, the other computers' files are read and
 * merged (merge.ts), and the vault is written once with the outcome. Secrets stay in the main
 * process: the folder holds only sealed files, the keys stay in the keychain.
 */
export class FolderSync {
  readonly #vault: Vault;
  readonly #keychain: Keychain;
  readonly #lib: Sodium;
  #config: SyncConfig;
  #secrets: SyncSecrets;

  private constructor(
    vault: Vault,
    keychain: Keychain,
    lib: Sodium,
    config: SyncConfig,
    secrets: SyncSecrets,
  ) {
    this.#vault = vault;
    this.#keychain = keychain;
    this.#lib = lib;
    this.#config = config;
    this.#secrets = secrets;
  }

  /** The sync set up for this vault here, or null when there is none. */
  static async open(vault: Vault, keychain: Keychain): Promise<FolderSync | null> {
    const config = await readConfig(vault.path);
    if (config === null) return null;
    if (config.vault !== vault.id)
      throw new SyncError(
        'INVALID',
        words('settings.sync.error.otherVault', { vault: vault.path, file: configPath(vault.path) }),
      );
    return new FolderSync(vault, keychain, await sodium(), config, await readSecrets(keychain, vault.id));
  }

  static async require(vault: Vault, keychain: Keychain): Promise<FolderSync> {
    const sync = await FolderSync.open(vault, keychain);
    if (!sync)
      throw new SyncError(
        'NOT_SET_UP',
        words('settings.sync.error.notSetUp', { command: 'twofold sync setup --folder DIR' }),
      );
    return sync;
  }

  /** The first computer: a new sync key; the folder gets this computer's files. */
  static async setup(
    vault: Vault,
    keychain: Keychain,
    options: { folder: string; name?: string },
  ): Promise<FolderSync> {
    const lib = await sodium();
    return FolderSync.#start(vault, keychain, lib, options, lib.randombytes_buf(SEED_BYTES));
  }

  /** Another computer: the key comes from the sync code shown on the first. */
  static async join(
    vault: Vault,
    keychain: Keychain,
    options: { code: string; folder: string; name?: string },
  ): Promise<FolderSync> {
    const seed = seedOfCode(options.code);
    return FolderSync.#start(vault, keychain, await sodium(), options, seed);
  }

  static async #start(
    vault: Vault,
    keychain: Keychain,
    lib: Sodium,
    options: { folder: string; name?: string },
    seed: Uint8Array,
  ): Promise<FolderSync> {
    if ((await readConfig(vault.path)) !== null)
      throw new SyncError(
        'ALREADY_SET_UP',
        words('settings.sync.error.alreadySetUp', { vault: vault.path, command: 'twofold sync status' }),
      );
    const folder = await checkFolder(options.folder);
    const { id } = keyOfSeed(lib, seed);
    const secrets: SyncSecrets = {
      state: b64(lib.randombytes_buf(32)),
      device: b64(lib.randombytes_buf(32)),
      current: id,
      seeds: { [id]: b64(seed) },
    };
    const config: SyncConfig = {
      version: 1,
      vault: vault.id,
      folder,
      device: randomBytes(16).toString('hex'),
      name: deviceName(options.name),
    };
    await writeSecrets(keychain, vault.id, secrets);
    await writeConfig(vault.path, config);
    const sync = new FolderSync(vault, keychain, lib, config, secrets);
    await sync.now();
    return sync;
  }

  get folder(): string {
    return this.#config.folder;
  }

  get name(): string {
    return this.#config.name;
  }

  /** The sync code of the current key (12 words): shown only on request, to pair another computer. */
  pairingCode(): string {
    return codeOfSeed(unb64(this.#secrets.seeds[this.#secrets.current] ?? ''));
  }

  /** The keys this computer has; with `state`, older keys are taken only from devices known before. */
  #ring(state?: SyncState): KeyRing {
    const keys = new Map<string, Uint8Array>();
    for (const seed of Object.values(this.#secrets.seeds)) {
      const { key, id } = keyOfSeed(this.#lib, unb64(seed));
      keys.set(id, key);
    }
    if (!state) return { keys };
    const elders = new Set([this.#config.device, ...Object.keys(state.peers)]);
    return { keys, current: this.#secrets.current, elders };
  }

  #currentKey(): { key: Uint8Array; id: string } {
    return keyOfSeed(this.#lib, unb64(this.#secrets.seeds[this.#secrets.current] ?? ''));
  }

  #keyPair(): { publicKey: Uint8Array; privateKey: Uint8Array } {
    return this.#lib.crypto_box_seed_keypair(unb64(this.#secrets.device));
  }

  get #ownDir(): string {
    return join(this.#config.folder, deviceFolder(this.#config.device));
  }

  async #locked<T>(run: (state: SyncState) => Promise<T>): Promise<T> {
    const held = await lockVault(statePath(this.#vault.path), DEFAULT_LOCK);
    try {
      // Another process may have rotated the key meanwhile.
      this.#secrets = await readSecrets(this.#keychain, this.#vault.id);
      const stateKey = unb64(this.#secrets.state);
      const state = await readState(this.#lib, this.#vault.path, stateKey);
      const result = await run(state);
      await writeState(this.#lib, this.#vault.path, stateKey, state);
      return result;
    } finally {
      await held.release();
    }
  }

  /** One round: adopt key rotations, read the others' new files, merge with this vault's changes, write ours. */
  async now(): Promise<SyncReport> {
    await checkFolder(this.#config.folder);
    return this.#locked(async (state) => {
      const notices: Notice[] = [];
      await mkdir(this.#ownDir, { recursive: true, mode: 0o700 });
      await this.#adoptRotations(state, notices);
      const self = this.#config.device;
      const base = materialize(state.registers);
      const seenBefore: Record<string, number> = {};
      for (const [device, peer] of Object.entries(state.peers)) seenBefore[device] = peer.seq;
      const incoming = await readFolder(
        this.#lib,
        this.#ring(state),
        this.#config.folder,
        self,
        state,
        notices,
      );

      // Never write over a file another copy of this device wrote further on.
      if (incoming.ownMax > state.seq) state.seq = incoming.ownMax;
      const clock = new HybridClock(state.clock);
      const seq = state.seq + 1;
      let local: Change[] = [];
      let conflicts: Conflict[] = [];
      await this.#vault.applySync((list) => {
        const round = mergeRound(state.registers, clock, base, list, {
          self,
          seq,
          seenBefore,
          sets: incoming.sets,
          snapshots: incoming.snapshots,
          now: Date.now(),
        });
        ({ local, conflicts } = round);
        return { list: round.list, result: undefined };
      });

      const { publicKey } = this.#keyPair();
      const meta = { at: nowIso(), name: this.#config.name, pk: b64(publicKey) };
      if (local.length > 0) {
        await this.#writeOwn(state, 'changes', {
          ...meta,
          prev: state.prev,
          seen: seenBefore,
          changes: local.map((change) => [change.e, change.f, change.v, change.h]),
        });
        state.sinceSnapshot++;
        state.ownLastChange = meta.at;
      }
      if (state.writtenUnder !== this.#secrets.current || state.sinceSnapshot >= SNAPSHOT_EVERY) {
        const registers = [...flatten(state.registers)].map(([e, f, r]) => [e, f, r.v, r.h, r.d, r.s]);
        await this.#writeOwn(state, 'snapshot', {
          ...meta,
          prev: state.prev,
          seen: this.#positions(state),
          registers,
        });
        state.lastSnapshot = state.seq;
        state.sinceSnapshot = 0;
        state.writtenUnder = this.#secrets.current;
      }
      await this.#writePosition(state, meta);
      await this.#collectGarbage(state);

      const found = this.#conflictNotices(conflicts, state);
      state.clock = clock.last;
      state.conflicts = [...state.conflicts, ...found].slice(-20);
      state.notices = notices;
      state.lastSync = meta.at;
      state.forks = state.forks.slice(-1000);
      return { wrote: local.length, merged: incoming.files, conflicts: found, notices };
    });
  }

  #positions(state: SyncState): Record<string, number> {
    const read: Record<string, number> = {};
    for (const [device, peer] of Object.entries(state.peers))
      if (!state.removed.includes(device)) read[device] = peer.seq;
    return read;
  }

  async #writeOwn(state: SyncState, kind: 'changes' | 'snapshot', body: unknown): Promise<void> {
    const seq = state.seq + 1;
    const bytes = encodeFile(this.#lib, this.#currentKey(), { device: this.#config.device, seq, kind }, body);
    await writeFileAtomic(join(this.#ownDir, seqName(seq, kind)), bytes);
    state.seq = seq;
    state.prev = fileHash(bytes);
  }

  async #writePosition(state: SyncState, meta: { at: string; name: string; pk: string }): Promise<void> {
    const bytes = encodeFile(
      this.#lib,
      this.#currentKey(),
      { device: this.#config.device, seq: state.seq, kind: 'position' },
      { ...meta, read: this.#positions(state) },
    );
    await writeFileAtomic(join(this.#ownDir, POSITION_FILE), bytes);
  }

  /** This device's files older than its newest snapshot go once every known device has read past them. */
  async #collectGarbage(state: SyncState): Promise<void> {
    let readByAll = Number.POSITIVE_INFINITY;
    for (const [device, peer] of Object.entries(state.peers)) {
      if (state.removed.includes(device)) continue;
      readByAll = Math.min(readByAll, peer.read[this.#config.device] ?? 0);
    }
    const names = await readdir(this.#ownDir).catch(() => [] as string[]);
    const stale = Date.now() - 10 * 60_000;
    for (const name of names) {
      const kind = classifyName(name);
      if (kind.type === 'main' && kind.seq < state.lastSnapshot && kind.seq <= readByAll) {
        await rm(join(this.#ownDir, name), { force: true });
      } else if (kind.type === 'temp' && name.startsWith('.')) {
        // A temp file of a writer killed mid-write (ours; other tools' are theirs to finish).
        const stats = await stat(join(this.#ownDir, name)).catch(() => null);
        if (stats && stats.mtimeMs < stale) await rm(join(this.#ownDir, name), { force: true });
      }
    }
  }

  #conflictNotices(conflicts: readonly Conflict[], state: SyncState): Notice[] {
    const entries = new Map<string, VaultEntry>(
      this.#vault.exportEntries().map((entry) => [entry.id, entry]),
    );
    const nameOf = (device: string): string | PersonFacingMessage =>
      device === this.#config.device
        ? words('settings.sync.notice.thisComputer', { name: this.#config.name })
        : (state.peers[device]?.name ?? words('settings.sync.notice.anotherComputer'));
    const once = new Map<string, Notice>();
    for (const conflict of conflicts) {
      if (once.has(conflict.entry)) continue;
      const entry = entries.get(conflict.entry);
      once.set(
        conflict.entry,
        notice(
          'conflict',
          words('settings.sync.notice.conflict', {
            device: nameOf(conflict.kept),
            entry: entry ? entryName(entry) : words('settings.sync.notice.deletedEntry'),
          }),
        ),
      );
    }
    return [...once.values()];
  }

  /** Rotations sealed under a key this computer has, with a key it has not: taken if sealed to this device. */
  async #adoptRotations(state: SyncState, notices: Notice[]): Promise<void> {
    const dir = join(this.#config.folder, KEYS_FOLDER);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) =>
      /^[0-9a-f]{16}\.key$/.test(name),
    );
    let adopted = true;
    while (adopted) {
      adopted = false;
      for (const name of names) {
        const id = name.slice(0, 16);
        if (this.#secrets.seeds[id] !== undefined) continue;
        try {
          const { bytes } = await readBounded(join(dir, name));
          const { header } = readHeader(bytes);
          if (!this.#ring().keys.has(header.k)) continue;
          const opened = openFile(this.#lib, this.#ring(), bytes, { device: header.d, kind: 'rotation' });
          const body = rotationBodySchema.safeParse(opened.body);
          if (!body.success || body.data.key !== id)
            throw new Refused('altered', words('settings.sync.detail.notOurs'));
          const sealed = body.data.wrapped[this.#config.device];
          if (sealed === undefined) {
            if (body.data.removed.includes(this.#config.device))
              notices.push(notice('removed', words('settings.sync.removed')));
            continue;
          }
          const { publicKey, privateKey } = this.#keyPair();
          let seed: Uint8Array;
          try {
            seed = this.#lib.crypto_box_seal_open(unb64(sealed), publicKey, privateKey);
          } catch {
            throw new Refused('altered', words('settings.sync.detail.keyDoesNotOpen'));
          }
          if (keyOfSeed(this.#lib, seed).id !== id)
            throw new Refused('altered', words('settings.sync.detail.keyNotNamed'));
          this.#secrets = {
            ...this.#secrets,
            current: id,
            seeds: { ...this.#secrets.seeds, [id]: b64(seed) },
          };
          await writeSecrets(this.#keychain, this.#vault.id, this.#secrets);
          for (const device of body.data.removed) {
            if (device === this.#config.device || state.removed.includes(device)) continue;
            state.removed.push(device);
            delete state.peers[device];
          }
          adopted = true;
        } catch (error) {
          if (error instanceof Refused) notices.push(refusalNotice(`${KEYS_FOLDER}/${name}`, error));
          else throw error;
        }
      }
    }
  }

  async status(): Promise<SyncStatus> {
    const state = await readState(this.#lib, this.#vault.path, unb64(this.#secrets.state));
    const devices: SyncDevice[] = [
      {
        id: this.#config.device,
        name: this.#config.name,
        self: true,
        lastChange: state.ownLastChange,
        lastSync: state.lastSync,
      },
      ...Object.entries(state.peers)
        .filter(([id]) => !state.removed.includes(id))
        .map(([id, peer]) => ({
          id,
          name: peer.name,
          self: false,
          lastChange: peer.lastChange,
          lastSync: peer.lastSync,
        })),
    ];
    return {
      folder: this.#config.folder,
      device: { id: this.#config.device, name: this.#config.name },
      lastSync: state.lastSync,
      devices,
      notices: state.notices,
      conflicts: state.conflicts,
    };
  }

  /** Marks the conflict notices as read (the app shows each once). */
  async dismissConflicts(): Promise<void> {
    await this.#locked(async (state) => {
      state.conflicts = [];
    });
  }

  /**
   * Removes a device: a new sync key, sealed to each remaining device's public key (never to
   * the removed one), this computer's files re-written under it; the others re-encrypt when
   * they take it, and files the removed device writes later are not read.
   */
  async removeDevice(nameOrId: string): Promise<SyncDevice> {
    const removed = await this.#locked(async (state) => {
      const wanted = nameOrId.trim();
      const matches = Object.entries(state.peers).filter(
        ([id, peer]) => !state.removed.includes(id) && (peer.name === wanted || id === wanted),
      );
      if (wanted === this.#config.name || wanted === this.#config.device)
        throw new SyncError('INVALID', words('settings.sync.error.removeSelf'));
      if (matches.length === 0)
        throw new SyncError('NOT_FOUND', words('settings.sync.error.noSuchDevice', { name: wanted }));
      if (matches.length > 1)
        throw new SyncError('INVALID', words('settings.sync.error.sameName', { name: wanted }));
      const [id, peer] = matches[0] as [string, (typeof state.peers)[string]];
      const seed = this.#lib.randombytes_buf(SEED_BYTES);
      const next = keyOfSeed(this.#lib, seed);
      const wrapped: Record<string, string> = {};
      wrapped[this.#config.device] = b64(this.#lib.crypto_box_seal(seed, this.#keyPair().publicKey));
      for (const [other, info] of Object.entries(state.peers)) {
        if (other === id || state.removed.includes(other) || info.pk === '') continue;
        wrapped[other] = b64(this.#lib.crypto_box_seal(seed, unb64(info.pk)));
      }
      const bytes = encodeFile(
        this.#lib,
        this.#currentKey(),
        { device: this.#config.device, seq: 0, kind: 'rotation' },
        {
          at: nowIso(),
          key: next.id,
          removed: [id, ...state.removed].slice(0, 256),
          wrapped,
        },
      );
      await mkdir(join(this.#config.folder, KEYS_FOLDER), { recursive: true, mode: 0o700 });
      await writeFileAtomic(join(this.#config.folder, KEYS_FOLDER, `${next.id}.key`), bytes);
      this.#secrets = {
        ...this.#secrets,
        current: next.id,
        seeds: { ...this.#secrets.seeds, [next.id]: b64(seed) },
      };
      await writeSecrets(this.#keychain, this.#vault.id, this.#secrets);
      state.removed.push(id);
      delete state.peers[id];
      await rm(join(this.#config.folder, deviceFolder(id)), { recursive: true, force: true });
      return { id, name: peer.name, self: false, lastChange: peer.lastChange, lastSync: peer.lastSync };
    });
    // Re-encrypt: a snapshot under the new key (the old files go as the others read past them).
    await this.now();
    return removed;
  }
}
