import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/ipc/channels/app';
import { DEFAULT_QUICK_ACCESS_SHORTCUT, quickAccessOnByDefault } from '../../shared/accelerator';

/** The defaults on this platform (Quick access's shortcut is off on Linux). */
export function defaultSettings(platform: string = process.platform): Settings {
  return {
    closeToTray: true,
    clipboardClearSeconds: 30,
    lockAfterMinutes: 0,
    lockOnScreenLock: true,
    checkForUpdates: true,
    quickAccess: quickAccessOnByDefault(platform),
    quickAccessShortcut: DEFAULT_QUICK_ACCESS_SHORTCUT,
    language: 'system',
  };
}

/** Small app preferences in `<home>/settings.json`; a broken file falls back to defaults and is replaced on the next change. */
export class SettingsStore {
  readonly path: string;
  #current: Settings;
  readonly #listeners = new Set<(settings: Settings) => void>();

  private constructor(path: string, defaults: Settings) {
    this.path = path;
    this.#current = defaults;
  }

  static async load(home: string, platform: string = process.platform): Promise<SettingsStore> {
    const defaults = defaultSettings(platform);
    const store = new SettingsStore(join(home, 'settings.json'), defaults);
    try {
      const parsed = settingsSchema.partial().safeParse(JSON.parse(await readFile(store.path, 'utf8')));
      if (parsed.success) store.#current = { ...defaults, ...parsed.data };
    } catch {
      // Missing or unreadable: defaults.
    }
    return store;
  }

  get(): Settings {
    return this.#current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.#current, ...patch });
    await mkdir(dirname(this.path), { recursive: true });
    // Write beside, then rename: a crash never leaves half a file.
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
    this.#current = next;
    for (const listener of this.#listeners) listener(next);
    return next;
  }

  /** Called after each change (the Quick access shortcut is registered again). */
  onChange(listener: (settings: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
