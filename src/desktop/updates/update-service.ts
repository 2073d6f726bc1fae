import type { UpdateStatus } from '../../shared/ipc/channels/updates';
import { englishTranslate } from '../../shared/i18n/translate';
import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';

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

/**
 * Why a check or download failed: Twofold's own reasons in words; the updater's (electron-updater,
 * HTTP) as it wrote them, on one bounded line, since they can carry whole HTTP responses.
 */
function describe(error: unknown): string | PersonFacingMessage {
  if (error instanceof PersonFacingError && error.words) return error.words;
  const text = error instanceof Error ? error.message : String(error);
  return (
    text.split('\n')[0]?.replace(/\s+/g, ' ').trim().slice(0, 200) || words('settings.updates.error.unknown')
  );
}

/** Checks and downloads one at a time and remembers what it found, in words the Settings view shows. */
export class UpdateService {
  readonly #updater: UpdaterPort | null;
  readonly #automatic: () => boolean;
  readonly #now: () => number;
  #status: UpdateStatus;
  #running: Promise<UpdateStatus> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: {
    updater: UpdaterPort | null;
    currentVersion: string;
    /** The person's "check for updates automatically" setting, read at each automatic check. */
    automatic: () => boolean;
    now?: () => number;
  }) {
    this.#updater = options.updater;
    this.#automatic = options.automatic;
    this.#now = options.now ?? Date.now;
    const said = words(options.updater ? 'settings.updates.status.idle' : 'settings.updates.status.off');
    this.#status = {
      state: options.updater ? 'idle' : 'off',
      configured: options.updater !== null,
      currentVersion: options.currentVersion,
      latestVersion: null,
      checkedAt: null,
      message: sayIn(englishTranslate, said),
      words: said,
    };
  }

  status(): UpdateStatus {
    return { ...this.#status };
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
      return this.#set(
        { state: 'error' },
        words('settings.updates.error.check', { reason: describe(error) }),
      );
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
        words('settings.updates.error.download', { version: found.version, reason: describe(error) }),
      );
    }
    return this.#set({ state: 'ready' }, words('settings.updates.status.ready', { version: found.version }));
  }

  /** The new state and what it says (English as `message`; the window says `words` in its language). */
  #set(patch: Partial<UpdateStatus>, said: PersonFacingMessage): UpdateStatus {
    this.#status = { ...this.#status, ...patch, message: sayIn(englishTranslate, said), words: said };
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
