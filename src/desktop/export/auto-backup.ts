import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Keychain } from '../keychain';
import { headerSchema } from '../vault/format';
import { makeBackupKey, sealBackup, type BackupKey } from '../vault/backup-file';
import { unlockWithPassword } from '../vault/slots';
import { VaultError, type VaultEntry } from '../vault';
import { writePrivate } from './write';
import { writeFileAtomic } from '../vault/atomic-file';
import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { englishMessages, type MessageId } from '../../shared/i18n/catalogue';
import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import { backupCheckSchema, type BackupSettings } from '../../shared/ipc/channels/transfer';
import {
  BACKUP_FILE_NAME,
  checkBackupWithKey,
  checkBackupWithPassword,
  newestBackupIn,
  readBackup,
  unreadableCheck,
  type BackupCheck,
} from './backup-check';
import {
  afterRightAnswer,
  nextReminderAt,
  reminderDue,
  reminderForNewPassword,
  reminderSchema,
} from './password-reminder';

/** A catalogue message as kept in backups.json. */
const storedWordsSchema: z.ZodType<PersonFacingMessage> = z.lazy(() =>
  z.object({
    id: z.custom<MessageId>((id) => typeof id === 'string' && Object.hasOwn(englishMessages, id)),
    values: z.record(z.string(), z.union([z.string(), z.number(), storedWordsSchema])).optional(),
  }),
);

const configSchema = z.object({
  enabled: z.boolean(),
  folder: z.string(),
  keep: z.number().int().min(1).max(100),
  /** The backups' header (id and password slot): the same for every backup until the password changes. */
  header: headerSchema.omit({ nonce: true }).nullable(),
  lastBackupAt: z.string().nullable(),
  // Words this build cannot say are dropped, not the settings: the check's English is shown then.
  lastCheck: backupCheckSchema
    .extend({ words: storedWordsSchema.optional().catch(undefined) })
    .nullable()
    .default(null),
  reminder: reminderSchema.nullable().default(null),
});
type Config = z.infer<typeof configSchema>;

/** Several changes in a row (an import, a drag) make one backup. */
const SETTLE_MS = 1500;

function fileName(date: Date): string {
  const iso = date.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');
  return `twofold-backup-${iso}.twofold`;
}

export type BackupState = BackupSettings;

/** The vault's entries now; throws (a PersonFacingError) while the vault is locked or closed. */
export type EntriesSource = () => readonly VaultEntry[];

export interface AutoBackupOptions {
  /** The clock (tests move it to walk the reminder schedule). */
  readonly now?: () => Date;
  /** The language the state's sentences are said in (the app's); English without one (the CLI). */
  readonly t?: Translate;
}

const NO_PASSWORD = words('transfer.backup.noPassword');

/**
 * Twofold backups in a chosen folder: on demand, and after each change when
 * turned on, keeping the newest `keep`. Each file opens with the backup
 * password on any computer; here the backup key is kept in the OS keychain
 * (or, without one, in memory until Twofold quits) so that the password is
 * asked once, not at each change. After each backup the newest file is opened
 * again and compared with the vault; the password itself is asked back now and
 * then, so that a forgotten one is found while the vault is still open.
 */
export class AutoBackups {
  readonly #path: string;
  readonly #keychain: Keychain | null;
  readonly #now: () => Date;
  readonly #t: Translate;
  #config: Config;
  #key: BackupKey | null = null;
  #problem: PersonFacingMessage | null = null;
  #skipped: { at: string; reason: PersonFacingMessage } | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  private constructor(
    path: string,
    keychain: Keychain | null,
    config: Config,
    now: () => Date,
    t: Translate,
  ) {
    this.#path = path;
    this.#keychain = keychain;
    this.#config = config;
    this.#now = now;
    this.#t = t;
  }

  static async load(
    home: string,
    keychain: Keychain | null,
    options: AutoBackupOptions = {},
  ): Promise<AutoBackups> {
    const path = join(home, 'backups.json');
    const fallback: Config = {
      enabled: false,
      folder: join(home, 'backups'),
      keep: 10,
      header: null,
      lastBackupAt: null,
      lastCheck: null,
      reminder: null,
    };
    let config = fallback;
    try {
      const parsed = configSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success) config = parsed.data;
    } catch {
      // Missing or unreadable: backups are off until turned on again.
    }
    const backups = new AutoBackups(
      path,
      keychain,
      config,
      options.now ?? (() => new Date()),
      options.t ?? englishTranslate,
    );
    await backups.#loadKey();
    return backups;
  }

  state(): BackupState {
    const { enabled, folder, keep, lastBackupAt, lastCheck, reminder } = this.#config;
    const waiting = enabled && this.#key === null ? words('transfer.backup.passwordAgain') : null;
    const problem = this.#problem ?? waiting;
    const next = reminder === null ? null : nextReminderAt(reminder);
    const say = (message: PersonFacingMessage) => sayIn(this.#t, message);
    return {
      enabled,
      folder,
      keep,
      hasPassword: this.#key !== null,
      problem: problem === null ? null : say(problem),
      lastBackupAt,
      lastCheck: lastCheck === null ? null : this.#sayCheck(lastCheck),
      skipped: this.#skipped === null ? null : { at: this.#skipped.at, reason: say(this.#skipped.reason) },
      reminder:
        this.#config.header === null || reminder === null
          ? null
          : {
              enabled: reminder.enabled,
              due: reminderDue(reminder, this.#now()),
              nextAt: next === null ? null : next.toISOString(),
            },
    };
  }

  async update(patch: {
    enabled?: boolean;
    keep?: number;
    folder?: string;
    password?: string;
    reminders?: boolean;
  }): Promise<BackupState> {
    let reminder = this.#config.reminder;
    if (patch.password !== undefined) {
      this.#key = await makeBackupKey(patch.password);
      await this.#storeKey(this.#key);
      // A new password starts the schedule again: asked back after a day.
      reminder = reminderForNewPassword(this.#now(), reminder?.enabled ?? true);
    }
    if (patch.reminders !== undefined && reminder !== null)
      reminder = { ...reminder, enabled: patch.reminders };
    this.#config = {
      ...this.#config,
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.keep !== undefined ? { keep: patch.keep } : {}),
      ...(patch.folder !== undefined ? { folder: patch.folder } : {}),
      ...(this.#key !== null ? { header: this.#key.header } : {}),
      reminder,
    };
    if (this.#config.enabled && this.#key === null) {
      this.#config = { ...this.#config, enabled: false };
      await this.#save();
      throw new BackupError(NO_PASSWORD);
    }
    this.#problem = null;
    await this.#save();
    return this.state();
  }

  /** A backup now, then the check that it restores; returns the file written. */
  async backupNow(list: EntriesSource): Promise<string> {
    if (this.#key === null) throw new BackupError(NO_PASSWORD);
    const key = this.#key;
    const entries = list();
    const run = this.#running.then(async () => {
      const path = await this.#write(key, entries);
      await this.#check(key, path, list);
      return path;
    });
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Called after each change to the entries; writes one backup once the changes settle. */
  changed(list: EntriesSource): void {
    if (!this.#config.enabled || this.#key === null) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#due(list).catch((error: unknown) => {
        // A reason from outside the catalogue (a bug's own words) is kept as written.
        const reason =
          error instanceof PersonFacingError && error.words
            ? error.words
            : error instanceof Error
              ? error.message
              : String(error);
        this.#problem = words('transfer.backup.lastFailed', { reason });
      });
    }, SETTLE_MS);
    this.#timer.unref();
  }

  /** Waits for a scheduled backup (tests, locking, quitting). */
  async flush(list: EntriesSource): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
      await this.#due(list);
    }
    await this.#running;
  }

  /** Opens the newest backup with the key kept here, as a restore would, and compares it with the vault. */
  async verify(list: EntriesSource): Promise<BackupState> {
    if (this.#key === null) {
      throw new BackupError(
        this.#config.header === null ? NO_PASSWORD : words('transfer.backup.passwordToCheck'),
      );
    }
    const key = this.#key;
    const newest = await newestBackupIn(this.#config.folder);
    if (newest === null)
      throw new BackupError(words('transfer.backup.noneYet', { folder: this.#config.folder }));
    await this.#check(key, newest, list);
    return this.state();
  }

  /**
   * The backup password asked back. Right: the schedule moves on (when it was
   * due), a key lost at a restart comes back, and the newest backup is opened
   * with this very password through the importer, as a restore would. Wrong:
   * nothing changes; the window offers to set a new one.
   */
  async answerReminder(
    password: string,
    list: EntriesSource,
  ): Promise<{ right: boolean; settings: BackupState }> {
    const header = this.#config.header;
    if (header === null) throw new BackupError(NO_PASSWORD);
    let key: Buffer;
    try {
      key = await unlockWithPassword(header, password, 'the backup password');
    } catch (error) {
      if (error instanceof VaultError && error.code === 'WRONG_PASSWORD')
        return { right: false, settings: this.state() };
      throw error;
    }
    if (this.#key === null) {
      this.#key = { key, header };
      await this.#storeKey(this.#key);
    } else if (!timingSafeEqual(key, this.#key.key)) {
      return { right: false, settings: this.state() };
    }
    const now = this.#now();
    const reminder = this.#config.reminder ?? reminderForNewPassword(now);
    this.#config = {
      ...this.#config,
      reminder: reminderDue(reminder, now) ? afterRightAnswer(reminder, now) : reminder,
    };
    const newest = await newestBackupIn(this.#config.folder);
    const entries = newest === null ? null : this.#entries(list);
    if (newest !== null && entries !== null) {
      const bytes = await readBackup(newest);
      this.#config = {
        ...this.#config,
        lastCheck:
          bytes instanceof Uint8Array
            ? await checkBackupWithPassword(bytes, basename(newest), password, entries, this.#now())
            : this.#failed(newest, bytes),
      };
    }
    await this.#save();
    return { right: true, settings: this.state() };
  }

  /** A backup that came due: written, or skipped quietly (and said so) while the vault is locked or closed. */
  async #due(list: EntriesSource): Promise<void> {
    const entries = this.#entries(list);
    if (entries === null) return;
    await this.backupNow(() => entries);
  }

  /** The vault's entries, or null (noted as a skipped backup) while it is locked or closed. */
  #entries(list: EntriesSource): readonly VaultEntry[] | null {
    try {
      return list();
    } catch (error) {
      if (!(error instanceof PersonFacingError)) throw error;
      const reason = words('transfer.backup.skippedReason', {
        why: error.code === 'VAULT_LOCKED' ? 'locked' : 'closed',
      });
      this.#skipped = { at: this.#now().toISOString(), reason };
      return null;
    }
  }

  async #check(key: BackupKey, path: string, list: EntriesSource): Promise<void> {
    const entries = this.#entries(list);
    if (entries === null) return;
    const bytes = await readBackup(path);
    const check =
      bytes instanceof Uint8Array
        ? checkBackupWithKey(bytes, basename(path), key, entries, this.#now())
        : this.#failed(path, bytes);
    this.#config = { ...this.#config, lastCheck: check };
    await this.#save();
  }

  /** The check as the window shows it: its words said in the app's language (an old one's English as kept). */
  #sayCheck({ words: said, ...check }: BackupCheck): BackupSettings['lastCheck'] {
    return { ...check, message: said ? sayIn(this.#t, said) : check.message };
  }

  #failed(path: string, why: PersonFacingMessage): BackupCheck {
    return unreadableCheck(path, why, this.#now());
  }

  async #write(key: BackupKey, list: readonly VaultEntry[]): Promise<string> {
    const { folder, keep } = this.#config;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, fileName(this.#now()));
    await writePrivate(path, sealBackup(key, list));
    const names = (await readdir(folder)).filter((name) => BACKUP_FILE_NAME.test(name)).sort();
    for (const old of names.slice(0, Math.max(0, names.length - keep)))
      await rm(join(folder, old), { force: true });
    this.#config = { ...this.#config, lastBackupAt: this.#now().toISOString() };
    this.#problem = null;
    this.#skipped = null;
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
  constructor(message: string | PersonFacingMessage) {
    super('BACKUP_REFUSED', message);
  }
}
