import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import type { UpdateStatus } from '../../shared/ipc/channels/updates';
import { sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';

/**
 * What Twofold needs of an updater; electron-updater's AppUpdater in a packaged
 * build (updater-port.ts), nothing where the build has no feed.
 */
export interface UpdaterPort {
  /** Reads the feed: the newest version it offers and whether it is newer than this one. */
  check(): Promise<{ version: string; newer: boolean }>;
  /** Downloads the newer version and verifies it (checksum; code signature on Windows and macOS). */
  download(): Promise<void>;
}

/** Automatic checks: at start, then every six hours while Twofold runs. */
export const AUTOMATIC_CHECK_MS = 6 * 60 * 60 * 1000;

/** One line, bounded: updater errors can carry whole HTTP responses. */
function describe(error: unknown): string | PersonFacingMessage {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.replace(/\s+/g, ' ').trim().slice(0, 200) || words('vault.error.unknown');
}

/** Checks and downloads one at a time and remembers what it found, in words the Settings view shows. */
export class UpdateService {
  readonly #updater: UpdaterPort | null;
  readonly #automatic: () => boolean;
  readonly #now: () => number;
  /** The status without its words, which are said in the app's language when asked for. */
  #status: Omit<UpdateStatus, 'message'>;
  #words: PersonFacingMessage;
  readonly #t: Translate;
  #running: Promise<UpdateStatus> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: {
    updater: UpdaterPort | null;
    currentVersion: string;
    /** The person's "check for updates automatically" setting, read at each automatic check. */
    automatic: () => boolean;
    now?: () => number;
    /** The app's language, which the status's message is said in (English without one). */
    language?: Translate;
  }) {
    this.#t = options.language ?? englishTranslate;
    this.#updater = options.updater;
    this.#automatic = options.automatic;
    this.#now = options.now ?? Date.now;
    this.#status = {
      state: options.updater ? 'idle' : 'off',
      configured: options.updater !== null,
      currentVersion: options.currentVersion,
      latestVersion: null,
      checkedAt: null,
    };
    this.#words = words(options.updater ? 'settings.updates.status.idle' : 'settings.updates.status.off');
  }

  status(): UpdateStatus {
    return { ...this.#status, message: sayIn(this.#t, this.#words) };
  }

  /** Reads the feed now (or joins a check under way); a newer version is downloaded before this returns. */
  check(): Promise<UpdateStatus> {
    if (!this.#updater) return Promise.resolve(this.status());
    if (this.#status.state === 'ready') return Promise.resolve(this.status());
    this.#running ??= this.#run(this.#updater).finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(updater: UpdaterPort): Promise<UpdateStatus> {
    this.#set({ state: 'checking' }, words('settings.updates.checking'));
    let found: { version: string; newer: boolean };
    try {
      found = await updater.check();
    } catch (error) {
      return this.#set({ state: 'error' }, words('vault.updates.checkFailed', { reason: describe(error) }));
    }
    const checkedAt = this.#now();
    const current = this.#status.currentVersion;
    if (!found.newer) {
      return this.#set(
        { state: 'up-to-date', latestVersion: found.version, checkedAt },
        words('settings.updates.status.upToDate', { version: current }),
      );
    }
    this.#set(
      { state: 'downloading', latestVersion: found.version, checkedAt },
      words('settings.updates.status.downloading', { version: found.version }),
    );
    try {
      await updater.download();
    } catch (error) {
      return this.#set(
        { state: 'error' },
        words('vault.updates.downloadFailed', { version: found.version, reason: describe(error) }),
      );
    }
    return this.#set({ state: 'ready' }, words('settings.updates.status.ready', { version: found.version }));
  }

  #set(patch: Partial<Omit<UpdateStatus, 'message'>>, message: PersonFacingMessage): UpdateStatus {
    this.#status = { ...this.#status, ...patch };
    this.#words = message;
    return this.status();
  }

  /** Checks at start and every interval while the setting is on; returns how to stop. */
  startAutomatic(intervalMs = AUTOMATIC_CHECK_MS): () => void {
    if (!this.#updater) return () => undefined;
    const tick = (): void => {
      if (this.#automatic()) void this.check();
    };
    tick();
    this.#timer = setInterval(tick, intervalMs);
    (this.#timer as { unref?: () => void }).unref?.();
    return () => clearInterval(this.#timer);
  }
}
