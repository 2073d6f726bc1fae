import {
  formatOtpauthUri,
  keyOf,
  parseOtpauthUri,
  secondsRemaining,
  timeStep,
  type OtpKey,
} from '../../shared/otp';
import { randomUUID } from 'node:crypto';
import type { Keychain } from '../keychain';
import { nodeOtpEngine } from '../../node/otp-engine';
import { removeStaleTemps, writeFileAtomic } from './atomic-file';
import * as entries from './entries';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import { createVaultFile } from './create';
import { randomKey } from './crypto';
import { StepCodes } from './step-codes';
import { decodeVault, type Slot } from './format';
import {
  decryptBody,
  encryptVault,
  readVaultFile,
  sameStamp,
  statStamp,
  type FileStamp,
  type State,
} from './vault-file';
import { lockVault, type LockSettings } from './lock';
import { busy, checkPassword, keychainOf, lockOf } from './options';
import {
  hasPasswordSlot,
  makeKeychainSlot,
  makePasswordSlot,
  unlockWithKeychain,
  unlockWithPassword,
} from './slots';
import type { EntryCode, EntryPatch, NewEntry, VaultEntry, VaultEntryMeta, VaultOptions } from './types';

const now = () => new Date().toISOString();

/** How a password change is made: `rotateKey` also replaces the vault key. */
export interface PasswordChange {
  rotateKey?: boolean;
}

/**
 * An encrypted file of OTP entries (AES-256-GCM under a random vault key, the
 * key wrapped by keychain and/or password slots). Secrets stay in this
 * process: lists return metadata, codes are computed here.
 */
export class Vault {
  readonly id: string;
  readonly path: string;
  #key: Buffer;
  #state: State;
  #keychain: Keychain | null;
  #lock: LockSettings;
  #otpKeys = new Map<string, OtpKey>();
  #hotpIssued = new Map<string, string>();
  #stepCodes = new StepCodes();
  #stamp: FileStamp | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(
    path: string,
    key: Buffer,
    state: State,
    keychain: Keychain | null,
    lock: LockSettings,
  ) {
    this.id = state.header.id;
    this.path = path;
    this.#key = key;
    this.#state = state;
    this.#keychain = keychain;
    this.#lock = lock;
  }

  static async create(options: VaultOptions): Promise<Vault> {
    return (await Vault.#createLocked(options, false)) as Vault;
  }

  static async open(options: VaultOptions): Promise<Vault> {
    const { path } = options;
    const keychain = keychainOf(options);
    const { bytes, stamp } = await readVaultFile(path);
    const decoded = decodeVault(bytes, path);
    const { header } = decoded;
    const key =
      options.password !== undefined
        ? await unlockWithPassword(header, options.password, path)
        : await unlockWithKeychain(header, keychain, path);
    const vault = new Vault(path, key, decryptBody(key, decoded, path), keychain, lockOf(options));
    vault.#stamp = stamp;
    return vault;
  }

  /**
   * What the clear header tells without unlocking (nothing secret): whether a
   * password or this kind of keychain slot can open it. Null when there is no file.
   */
  static async peek(
    path: string,
  ): Promise<{ id: string; hasPasswordSlot: boolean; hasKeychainSlot: boolean } | null> {
    try {
      const { header } = decodeVault((await readVaultFile(path)).bytes, path);
      return {
        id: header.id,
        hasPasswordSlot: hasPasswordSlot(header),
        hasKeychainSlot: header.slots.some((slot) => slot.type === 'keychain'),
      };
    } catch (error) {
      if (error instanceof VaultError && error.code === 'NO_VAULT') return null;
      throw error;
    }
  }

  static async openOrCreate(options: VaultOptions): Promise<Vault> {
    try {
      return await Vault.open(options);
    } catch (error) {
      if (!(error instanceof VaultError && error.code === 'NO_VAULT')) throw error;
    }
    return (await Vault.#createLocked(options, true)) ?? Vault.open(options);
  }

  /** Creates the file under the lock; null when one appeared meanwhile (another process won the race). */
  static async #createLocked(options: VaultOptions, mayExist: boolean): Promise<Vault | null> {
    const created = await createVaultFile(options, mayExist);
    if (created === null) return null;
    const { key, header, stamp } = created;
    const vault = new Vault(options.path, key, { header, entries: [] }, keychainOf(options), lockOf(options));
    vault.#stamp = stamp;
    return vault;
  }

  // ── reading ──────────────────────────────────────────────────────────

  list(): VaultEntryMeta[] {
    return this.#state.entries.map(entries.toMeta);
  }

  get size(): number {
    return this.#state.entries.length;
  }

  search(query: string): VaultEntryMeta[] {
    return this.#state.entries.filter((entry) => entries.matches(entry, query)).map(entries.toMeta);
  }

  get(id: string): VaultEntryMeta {
    return entries.toMeta(this.#find(this.#state.entries, id));
  }

  /** The current (and next) code of every entry, computed here; secrets are decoded once and cached. */
  codes(time: number = Date.now() / 1000): EntryCode[] {
    return this.#state.entries.map((entry) => {
      if (entry.type === 'hotp')
        // The code last handed out here stays shown; a fresh one only on request (it moves the counter).
        return {
          id: entry.id,
          code: this.#hotpIssued.get(entry.id) ?? null,
          nextCode: null,
          secondsRemaining: 0,
          period: 0,
        };
      const key = this.#otpKey(entry);
      const step = timeStep(time, entry.period);
      return {
        id: entry.id,
        code: this.#stepCodes.at(entry.id, key, step),
        nextCode: this.#stepCodes.at(entry.id, key, step + 1),
        secondsRemaining: secondsRemaining(time, entry.period),
        period: entry.period,
      };
    });
  }

  /**
   * Computes, for up to `budget` entries, the code of the step after next, so that
   * when a step ends its new next codes are already there: called on the quiet
   * ticks within a step, it spreads the HMACs over the step instead of doing
   * them all at its boundary.
   */
  warmCodes(time: number, budget: number): void {
    let left = budget;
    for (const entry of this.#state.entries) {
      if (left <= 0) return;
      if (entry.type === 'hotp') continue;
      const ahead = timeStep(time, entry.period) + 2;
      if (this.#stepCodes.has(entry.id, ahead)) continue;
      this.#stepCodes.at(entry.id, this.#otpKey(entry), ahead);
      left--;
    }
  }

  /** Every entry, secrets included: only for an explicit export or backup. */
  exportEntries(): readonly VaultEntry[] {
    return [...this.#state.entries];
  }

  /** The entry's otpauth:// link, secret included: only for an explicit export or move. */
  reveal(id: string): string {
    return formatOtpauthUri(this.#find(this.#state.entries, id));
  }

  hasPasswordSlot(): boolean {
    return hasPasswordSlot(this.#state.header);
  }

  hasKeychainSlot(): boolean {
    return this.#state.header.slots.some((slot) => slot.type === 'keychain');
  }

  /**
   * Re-reads the file only if another process replaced it since this one last
   * read or wrote it (a stat, cheap enough to poll every second). True if it did.
   */
  async reloadIfChanged(): Promise<boolean> {
    return this.#serial(async () => {
      if (sameStamp(await statStamp(this.path), this.#stamp)) return false;
      this.#setState(await this.#readCurrent(true));
      return true;
    });
  }

  /** Re-reads the file, e.g. after another process changed it. */
  async reload(): Promise<void> {
    await this.#serial(async () => {
      this.#setState(await this.#readCurrent(true));
    });
  }

  // ── changing ─────────────────────────────────────────────────────────

  async add(account: NewEntry, options: { allowDuplicate?: boolean } = {}): Promise<VaultEntryMeta> {
    const [added] = await this.addMany([account], options);
    return added as VaultEntryMeta;
  }

  /** Adds several entries in one write (imports); all or nothing. */
  async addMany(
    accounts: readonly NewEntry[],
    options: { allowDuplicate?: boolean } = {},
  ): Promise<VaultEntryMeta[]> {
    return this.#mutate((list) => {
      const stamp = now();
      const next = [...list];
      for (const account of accounts) {
        const entry = entries.newEntry(account, next.length, stamp);
        const duplicate = options.allowDuplicate ? undefined : entries.findDuplicate(next, entry);
        if (duplicate) {
          throw new VaultError(
            'DUPLICATE',
            words('vault.entry.duplicate', {
              entry: entries.entryName(duplicate),
              flag: '--allow-duplicate',
            }),
          );
        }
        next.push(entry);
      }
      return { list: next, result: next.slice(list.length).map(entries.toMeta) };
    });
  }

  /**
   * An import in one write: `add` appended (duplicates were decided by the caller),
   * each `replace` put in place of the entry it names, keeping that entry's id,
   * place and creation time. All or nothing: one bad entry or a vanished target stops it whole.
   */
  async importBatch(batch: {
    add: readonly NewEntry[];
    replace: readonly { id: string; entry: NewEntry }[];
  }): Promise<{ added: VaultEntryMeta[]; replaced: VaultEntryMeta[] }> {
    return this.#mutate((list) => {
      const stamp = now();
      const byId = new Map(list.map((entry) => [entry.id, entry]));
      for (const { id, entry } of batch.replace) {
        const old = this.#find(list, id);
        const fresh = entries.newEntry(entry, old.order, stamp);
        byId.set(id, { ...fresh, id, order: old.order, createdAt: old.createdAt });
      }
      const next = list.map((entry) => byId.get(entry.id) as VaultEntry);
      for (const account of batch.add) next.push(entries.newEntry(account, next.length, stamp));
      const replacedIds = new Set(batch.replace.map(({ id }) => id));
      return {
        list: next,
        result: {
          added: next.slice(list.length).map(entries.toMeta),
          replaced: next.filter((entry) => replacedIds.has(entry.id)).map(entries.toMeta),
        },
      };
    });
  }

  async addFromUri(
    uri: string,
    options: { allowDuplicate?: boolean; group?: string; note?: string } = {},
  ): Promise<{ entry: VaultEntryMeta; warnings: readonly string[] }> {
    const { account, warnings } = parseOtpauthUri(uri);
    const { allowDuplicate, ...extras } = options;
    const entry = await this.add({ ...account, ...extras }, { allowDuplicate });
    return { entry, warnings };
  }

  async update(id: string, patch: EntryPatch): Promise<VaultEntryMeta> {
    return this.#mutate((list) => {
      const updated = entries.applyPatch(this.#find(list, id), patch, now());
      return {
        list: list.map((entry) => (entry.id === id ? updated : entry)),
        result: entries.toMeta(updated),
      };
    });
  }

  /** Removes an entry and hands it back whole, so the caller can offer "undo" through restore(). */
  async remove(id: string): Promise<VaultEntry> {
    return this.#mutate((list) => {
      const removed = this.#find(list, id);
      return { list: entries.renumber(list.filter((entry) => entry.id !== id)), result: removed };
    });
  }

  /** Puts a removed entry back at its former place. */
  async restore(entry: VaultEntry): Promise<VaultEntryMeta> {
    const checked = entries.entrySchema.safeParse(entry);
    if (!checked.success) throw new VaultError('INVALID', words('vault.entry.notRemoved'));
    const restored = checked.data;
    return this.#mutate((list) => {
      if (list.some((other) => other.id === restored.id)) {
        throw new VaultError(
          'DUPLICATE',
          words('vault.entry.alreadyThere', { entry: entries.entryName(restored) }),
        );
      }
      const next = [...list];
      next.splice(Math.min(restored.order, next.length), 0, restored);
      return { list: entries.renumber(next), result: entries.toMeta(restored) };
    });
  }

  async reorder(ids: string[]): Promise<void> {
    await this.#mutate((list) => ({ list: entries.reorderEntries(list, ids), result: undefined }));
  }

  /** The HOTP code for the stored counter; the incremented counter is on disk before the code is returned. */
  async nextHotpCode(id: string): Promise<string> {
    return this.#mutate((list) => {
      const entry = this.#find(list, id);
      if (entry.type !== 'hotp') {
        throw new VaultError('INVALID', words('vault.entry.timeBased', { entry: entries.entryName(entry) }));
      }
      const code = nodeOtpEngine.hotp(this.#otpKey(entry), entry.counter);
      const next = { ...entry, counter: entry.counter + 1, updatedAt: now() };
      return { list: list.map((other) => (other.id === id ? next : other)), result: code };
    }).then((code) => {
      this.#hotpIssued.set(id, code);
      return code;
    });
  }

  /**
   * Adds a password slot, or replaces the existing one. With `rotateKey`, the vault
   * key itself is replaced too (see #rotateKey).
   */
  async setPassword(password: string, options: PasswordChange = {}): Promise<void> {
    checkPassword(password);
    if (options.rotateKey === true) {
      await this.#rotateKey(password);
      return;
    }
    const slot = await makePasswordSlot(this.id, this.#key, password);
    await this.#mutate(
      (list) => ({ list, result: undefined }),
      (slots) => [...slots.filter((other) => other.type !== 'password'), slot],
    );
  }

  /**
   * Removes the password slot; refused unless this computer's keychain can still open
   * the vault. With `rotateKey`, the vault key is replaced too (see #rotateKey).
   */
  async removePassword(options: PasswordChange = {}): Promise<void> {
    if (!this.hasPasswordSlot())
      throw new VaultError('NO_SLOT', words('vault.password.none', { path: this.path }));
    await unlockWithKeychain(this.#state.header, this.#keychain, this.path).catch((error: unknown) => {
      if (error instanceof VaultError) {
        throw new VaultError('NO_SLOT', words('vault.password.onlyWay', { path: this.path }));
      }
      throw error;
    });
    if (options.rotateKey === true) {
      await this.#rotateKey(null);
      return;
    }
    await this.#mutate(
      (list) => ({ list, result: undefined }),
      (slots) => slots.filter((slot) => slot.type !== 'password'),
    );
  }

  /**
   * Folder sync's one write (src/desktop/sync): `merge` gets the entries as they are on disk,
   * under the lock like every change, and returns the new list; when it hands back the same
   * list, nothing is written.
   */
  async applySync<T>(merge: (list: VaultEntry[]) => { list: VaultEntry[]; result: T }): Promise<T> {
    return this.#mutate(merge, undefined, true);
  }

  /** Keeps the vault key in this computer's keychain (e.g. after opening a moved vault with its password). */
  async useKeychain(): Promise<void> {
    if (this.#keychain === null) throw new VaultError('NO_SLOT', words('vault.slots.noKeychain'));
    const slot = await makeKeychainSlot(this.id, this.#key, this.#keychain);
    await this.#mutate(
      (list) => ({ list, result: undefined }),
      (slots) => [...slots.filter((other) => other.type !== 'keychain'), slot],
    );
  }

  /** Forgets the key in memory; the object is unusable afterwards. */
  close(): void {
    this.#closed = true;
    this.#key.fill(0);
    this.#otpKeys.clear();
    this.#hotpIssued.clear();
    this.#stepCodes.clear();
    this.#state = { header: this.#state.header, entries: [] };
  }

  /** Closes once the changes already asked for are written, so none of them is sealed with a wiped key. */
  closeAfterPending(): Promise<void> {
    return this.#serial(async () => this.close());
  }

  /** Closed: the key is wiped and the entries dropped. */
  get closed(): boolean {
    return this.#closed;
  }

  // ── internals ────────────────────────────────────────────────────────

  #find(list: readonly VaultEntry[], id: string): VaultEntry {
    const entry = list.find((candidate) => candidate.id === id);
    if (!entry) throw new VaultError('NOT_FOUND', words('vault.entry.notFound', { id }));
    return entry;
  }

  #otpKey(entry: VaultEntry): OtpKey {
    let key = this.#otpKeys.get(entry.id);
    if (!key) {
      key = keyOf(entry);
      this.#otpKeys.set(entry.id, key);
    }
    return key;
  }

  #setState(state: State): void {
    this.#state = state;
    // Cached keys stay valid: an entry's secret and parameters never change under the same id.
    const live = new Set(state.entries.map((entry) => entry.id));
    for (const id of this.#otpKeys.keys()) if (!live.has(id)) this.#otpKeys.delete(id);
    for (const id of this.#hotpIssued.keys()) if (!live.has(id)) this.#hotpIssued.delete(id);
    this.#stepCodes.keepOnly(live);
  }

  async #readCurrent(remember = false): Promise<State> {
    const { bytes, stamp } = await readVaultFile(this.path);
    const state = decryptBody(this.#key, bytes, this.path);
    if (remember) this.#stamp = stamp;
    if (state.header.id !== this.id) {
      throw new VaultError('CORRUPT', words('vault.file.replaced', { path: this.path }));
    }
    return state;
  }

  /**
   * A new vault key: the entries re-encrypted under it, the keychain slot (if the
   * vault has one) re-made under a new keychain account, and a password slot for
   * `password` (none when null). Without it, a changed or removed password only
   * re-wraps the same key, so an old copy of the file plus its old password (or a
   * key once read from memory) would still read every later version. The old
   * keychain secret stays until the new file is on disk, then is deleted.
   */
  async #rotateKey(password: string | null): Promise<void> {
    await this.#serial(async () => {
      const held = await lockVault(this.path, this.#lock);
      let uncommitted: string | null = null;
      try {
        await removeStaleTemps(this.path);
        const current = await this.#readCurrent();
        const key = randomKey();
        const oldKeychain = current.header.slots.filter((slot) => slot.type === 'keychain');
        const slots: Slot[] = [];
        if (oldKeychain.length > 0) {
          if (this.#keychain === null) {
            throw new VaultError('NO_SLOT', words('vault.slots.noKeychainKeyKept'));
          }
          uncommitted = `${this.id}.${randomUUID()}`;
          slots.push(await makeKeychainSlot(this.id, key, this.#keychain, uncommitted));
        }
        if (password !== null) slots.push(await makePasswordSlot(this.id, key, password));
        const header = { id: this.id, slots };
        const bytes = encryptVault(key, header, current.entries);
        if (held.compromised()) throw busy(this.path);
        await writeFileAtomic(this.path, bytes);
        uncommitted = null;
        this.#stamp = await statStamp(this.path);
        this.#key.fill(0);
        this.#key = key;
        this.#setState({ header: { ...header, nonce: '' }, entries: current.entries });
        // The old secrets open no current version of the file any more.
        for (const slot of oldKeychain) await this.#keychain?.delete(slot.account).catch(() => false);
      } finally {
        if (uncommitted !== null) await this.#keychain?.delete(uncommitted).catch(() => false);
        await held.release();
      }
    });
  }

  /** One change at a time within this process… */
  #serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** …and across processes: lock, re-read, apply, write atomically, unlock. */
  #mutate<T>(
    apply: (list: VaultEntry[]) => { list: VaultEntry[]; result: T },
    slots: (slots: Slot[]) => Slot[] = (same) => same,
    skipIfSame = false,
  ): Promise<T> {
    return this.#serial(async () => {
      const held = await lockVault(this.path, this.#lock);
      try {
        await removeStaleTemps(this.path);
        const current = await this.#readCurrent();
        const { list, result } = apply(current.entries);
        if (skipIfSame && list === current.entries) {
          this.#setState(current);
          return result;
        }
        const header = { id: this.id, slots: slots(current.header.slots) };
        const bytes = encryptVault(this.#key, header, list);
        if (held.compromised()) throw busy(this.path);
        await writeFileAtomic(this.path, bytes);
        // Still under the lock: the stamp is of the version just written.
        this.#stamp = await statStamp(this.path);
        this.#setState({ header: { ...header, nonce: '' }, entries: list });
        return result;
      } finally {
        await held.release();
      }
    });
  }
}
