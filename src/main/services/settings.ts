import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/ipc/channels/app';

export const DEFAULT_SETTINGS: Settings = {
  closeToTray: true,
  clipboardClearSeconds: 30,
  checkForUpdates: true,
};

/** Small app preferences in `<home>/settings.json`; a broken file falls back to defaults and is replaced on the next change. */
export class SettingsStore {
  readonly path: string;
  #current: Settings = DEFAULT_SETTINGS;

  private constructor(path: string) {
    this.path = path;
  }

  static async load(home: string): Promise<SettingsStore> {
    const store = new SettingsStore(join(home, 'settings.json'));
    try {
      const parsed = settingsSchema.partial().safeParse(JSON.parse(await readFile(store.path, 'utf8')));
      if (parsed.success) store.#current = { ...DEFAULT_SETTINGS, ...parsed.data };
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
    return next;
  }
}
