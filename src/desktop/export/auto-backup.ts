import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Keychain } from '../keychain';
import { headerSchema } from '../vault/format';
import { makeBackupKey, sealBackup, type BackupKey } from '../vault/backup-file';
import type { VaultEntry } from '../vault';
import { writePrivate } from './write';
import { writeFileAtomic } from '../vault/atomic-file';
import { PersonFacingError } from '../../shared/person-facing-error';

const configSchema = z.object({
  enabled: z.boolean(),
  folder: z.string(),
  keep: z.number().int().min(1).max(100),
  /** The backups' header (id and password slot): the same for every backup until the password changes. */
  header: headerSchema.omit({ nonce: true }).nullable(),
  lastBackupAt: z.string().nullable(),
});
type Config = z.infer<typeof configSchema>;

const NAME = /^twofold-backup-\d{8}-\d{6}-\d{3}\.twofold$/;
/** Several changes in a row (an import, a drag) make one backup. */
const SETTLE_MS = 1500;

function fileName(date: Date): string {
  const iso = date.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');
  return `twofold-backup-${iso}.twofold`;
}

export interface BackupState {
  enabled: boolean;
  folder: string;
  keep: number;
  hasPassword: boolean;
  problem: string | null;
  lastBackupAt: string | null;
}

/**
 * Twofold backups in a chosen folder: on demand, and after each change when
 * turned on, keeping the newest `keep`. Each file opens with the backup
 * password on any computer; here the backup key is kept in the OS keychain
 * (or, without one, in memory until Twofold quits) so that the password is
 * asked once, not at each change.
 */
export class AutoBackups {
  readonly #path: string;
  readonly #keychain: Keychain | null;
  #config: Config;
  #key: BackupKey | null = null;
  #problem: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  private constructor(path: string, keychain: Keychain | null, config: Config) {
    this.#path = path;
    this.#keychain = keychain;
    this.#config = config;
  }

  static async load(home: string, keychain: Keychain | null): Promise<AutoBackups> {
    const path = join(home, 'backups.json');
    const fallback: Config = {
      enabled: false,
      folder: join(home, 'backups'),
      keep: 10,
      header: null,
      lastBackupAt: null,
    };
    let config = fallback;
    try {
      const parsed = configSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success) config = parsed.data;
    } catch {
      // Missing or unreadable: backups are off until turned on again.
    }
    const backups = new AutoBackups(path, keychain, config);
    await backups.#loadKey();
    return backups;
  }

  state(): BackupState {
    const { enabled, folder, keep, lastBackupAt } = this.#config;
    const waiting =
      enabled && this.#key === null ? 'Enter the backup password again to resume automatic backups.' : null;
    return {
      enabled,
      folder,
      keep,
      hasPassword: this.#key !== null,
      problem: this.#problem ?? waiting,
      lastBackupAt,
    };
  }

  async update(patch: {
    enabled?: boolean;
    keep?: number;
    folder?: string;
    password?: string;
  }): Promise<BackupState> {
    if (patch.password !== undefined) {
      this.#key = await makeBackupKey(patch.password);
      await this.#storeKey(this.#key);
    }
    this.#config = {
      ...this.#config,
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.keep !== undefined ? { keep: patch.keep } : {}),
      ...(patch.folder !== undefined ? { folder: patch.folder } : {}),
      ...(this.#key !== null ? { header: this.#key.header } : {}),
    };
    if (this.#config.enabled && this.#key === null) {
      this.#config = { ...this.#config, enabled: false };
      await this.#save();
      throw new BackupError('Set a backup password first: every backup is protected by it.');
    }
    this.#problem = null;
    await this.#save();
    return this.state();
  }

  /** A backup now; returns the file written. */
  async backupNow(list: readonly VaultEntry[]): Promise<string> {
    if (this.#key === null)
      throw new BackupError('Set a backup password first: every backup is protected by it.');
    const key = this.#key;
    const run = this.#running.then(() => this.#write(key, list));
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Called after each change to the entries; writes one backup once the changes settle. */
  changed(list: () => readonly VaultEntry[]): void {
    if (!this.#config.enabled || this.#key === null) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.backupNow(list()).catch((error: unknown) => {
        this.#problem = `The last automatic backup failed: ${error instanceof Error ? error.message : String(error)}`;
      });
    }, SETTLE_MS);
    this.#timer.unref();
  }

  /** Waits for a scheduled backup (tests, quitting). */
  async flush(list: () => readonly VaultEntry[]): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
      await this.backupNow(list());
    }
    await this.#running;
  }

  async #write(key: BackupKey, list: readonly VaultEntry[]): Promise<string> {
    const { folder, keep } = this.#config;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, fileName(new Date()));
    await writePrivate(path, sealBackup(key, list));
    const names = (await readdir(folder)).filter((name) => NAME.test(name)).sort();
    for (const old of names.slice(0, Math.max(0, names.length - keep)))
      await rm(join(folder, old), { force: true });
    this.#config = { ...this.#config, lastBackupAt: new Date().toISOString() };
    this.#problem = null;
    await this.#save();
    return path;
  }

  async #save(): Promise<void> {
    await writeFileAtomic(this.#path, Buffer.from(`${JSON.stringify(this.#config, null, 2)}\n`, 'utf8'));
  }

  #account(id: string): string {
    return `backup-key:${id}`;
  }

  async #storeKey(key: BackupKey): Promise<void> {
    if (this.#keychain === null) return;
    await this.#keychain.set(this.#account(key.header.id), key.key.toString('base64')).catch(() => {
      // No keychain: the key stays in memory until Twofold quits; the password is asked again then.
    });
  }

  async #loadKey(): Promise<void> {
    const header = this.#config.header;
    if (header === null || this.#keychain === null) return;
    const stored = await this.#keychain.get(this.#account(header.id)).catch(() => null);
    if (stored !== null) this.#key = { key: Buffer.from(stored, 'base64'), header };
  }
}

/** A refusal about backups, in words for a person. */
export class BackupError extends PersonFacingError {
  override name = 'BackupError';
  declare readonly code: 'BACKUP_REFUSED';
  constructor(message: string) {
    super('BACKUP_REFUSED', message);
  }
}
