import type { Keychain } from '../keychain';
import { mkdir } from 'node:fs/promises';
import { words } from '../../shared/person-facing-error';
import { FolderSync, SyncError, type SyncStatus } from '../sync';
import type { SyncView } from '../../shared/ipc/channels/sync';
import type { VaultSession } from './vault-session';
import type { LocationRequest } from './desktop-services';

/** How long after a change to the entries the sync runs (changes close together go in one file). */
const AFTER_CHANGE_MS = 2_000;
/** How often the folder is read while the vault is open (the other computers' changes). */
const EVERY_MS = 60_000;

const NOT_SET_UP: SyncView = {
  configured: false,
  folder: null,
  device: null,
  lastSync: null,
  devices: [],
  conflicts: [],
  notices: [],
};

function viewOf(status: SyncStatus): SyncView {
  const notice = ({ kind, message, words: said, file, reason }: SyncStatus['notices'][number]) => ({
    kind,
    message,
    ...(said !== undefined ? { words: said } : {}),
    ...(file !== undefined ? { file } : {}),
    ...(reason !== undefined ? { reason } : {}),
  });
  return {
    configured: true,
    folder: status.folder,
    device: status.device.name,
    lastSync: status.lastSync,
    devices: status.devices.map(({ id, name, self, lastChange, lastSync }) => ({
      id,
      name,
      self,
      lastChange,
      lastSync,
    })),
    conflicts: status.conflicts.map(notice),
    notices: status.notices.map(notice),
  };
}

/**
 * Settings → Sync behind the IPC channels: the folder sync of the open vault (src/desktop/sync),
 * run after each change and on a timer while the vault is open. The sync key stays in the
 * keychain and this process; the window gets the sync code only when it asks to show it.
 */
export class SyncService {
  readonly #vaults: VaultSession;
  readonly #keychain: Keychain | null;
  readonly #choose: (request: LocationRequest) => Promise<string | null>;
  readonly #merged: () => void;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #interval: ReturnType<typeof setInterval> | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: {
    vaults: VaultSession;
    keychain: Keychain | null;
    chooseLocation: (request: LocationRequest) => Promise<string | null>;
    /** Called when a sync brought in other computers' changes (the window reloads its list). */
    merged: () => void;
  }) {
    this.#vaults = options.vaults;
    this.#keychain = options.keychain;
    this.#choose = options.chooseLocation;
    this.#merged = options.merged;
  }

  #keychainOrThrow(): Keychain {
    if (this.#keychain === null) throw new SyncError('NO_KEY', words('settings.sync.error.needsKeychain'));
    return this.#keychain;
  }

  async #folderSync(): Promise<FolderSync | null> {
    if (this.#vaults.status().state !== 'ready' || this.#keychain === null) return null;
    return FolderSync.open(this.#vaults.current(), this.#keychain);
  }

  /** The folder the person chose (made if it is not there yet), or null when they cancelled. */
  async #folder(): Promise<string | null> {
    const folder = await this.#choose({ kind: 'folder', suggestedName: 'Twofold sync' });
    if (folder !== null) await mkdir(folder, { recursive: true, mode: 0o700 });
    return folder;
  }

  async status(): Promise<SyncView> {
    const sync = await this.#folderSync();
    return sync ? viewOf(await sync.status()) : NOT_SET_UP;
  }

  async setup(name: string): Promise<SyncView> {
    const folder = await this.#folder();
    if (folder === null) return this.status();
    const sync = await FolderSync.setup(this.#vaults.current(), this.#keychainOrThrow(), { folder, name });
    this.start();
    return viewOf(await sync.status());
  }

  async join(code: string, name: string): Promise<SyncView> {
    const folder = await this.#folder();
    if (folder === null) return this.status();
    const sync = await FolderSync.join(this.#vaults.current(), this.#keychainOrThrow(), {
      code,
      folder,
      name,
    });
    this.#merged();
    this.start();
    return viewOf(await sync.status());
  }

  /** One sync now (queued behind one already running). */
  async now(): Promise<SyncView> {
    const run = this.#running.then(async () => {
      const sync = await this.#folderSync();
      if (!sync) return NOT_SET_UP;
      const report = await sync.now();
      if (report.merged > 0) this.#merged();
      return viewOf(await sync.status());
    });
    this.#running = run.catch(() => undefined);
    return run;
  }

  async pairingCode(): Promise<{ code: string }> {
    const sync = await this.#folderSync();
    if (!sync) throw new SyncError('NOT_SET_UP', words('settings.sync.error.notSetUpHere'));
    return { code: sync.pairingCode() };
  }

  async removeDevice(id: string): Promise<SyncView> {
    const sync = await this.#folderSync();
    if (!sync) return NOT_SET_UP;
    await sync.removeDevice(id);
    return viewOf(await sync.status());
  }

  async dismissConflicts(): Promise<SyncView> {
    const sync = await this.#folderSync();
    if (!sync) return NOT_SET_UP;
    await sync.dismissConflicts();
    return viewOf(await sync.status());
  }

  /** The entries changed here: sync a moment later (several changes, one file). */
  changed(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.now().catch(() => undefined);
    }, AFTER_CHANGE_MS);
    this.#timer.unref?.();
  }

  /** Reads the folder on a timer while the app runs (a no-op while sync is not set up or the vault is locked). */
  start(): void {
    if (this.#interval !== null) return;
    this.#interval = setInterval(() => void this.now().catch(() => undefined), EVERY_MS);
    this.#interval.unref?.();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#interval !== null) clearInterval(this.#interval);
    this.#timer = null;
    this.#interval = null;
  }
}
