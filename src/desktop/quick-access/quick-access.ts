import type { Settings } from '../../shared/ipc/channels/app';
import { acceleratorLabel } from '../../shared/shortcut-keys';

/** The small Quick access window: Electron's in the app, a stand-in that counts in the test host. */
export interface QuickAccessWindowPort {
  show(): void;
  hide(): void;
}

/** What the test host uses: no window to show, so it only remembers what was asked. */
export class RecordedQuickAccess implements QuickAccessWindowPort {
  shown = 0;
  hidden = 0;
  show(): void {
    this.shown += 1;
  }
  hide(): void {
    this.hidden += 1;
  }
}

/** The OS's global shortcuts (Electron's globalShortcut), reduced to what Quick access needs. */
export interface GlobalShortcutPort {
  /** False when the OS or another app refuses the shortcut. */
  register(accelerator: string, onPress: () => void): boolean;
  unregister(accelerator: string): void;
}

/** The test host's global shortcuts: every one is free except those a test marks as taken. */
export class RecordedGlobalShortcuts implements GlobalShortcutPort {
  readonly taken = new Set<string>();
  readonly registered = new Set<string>();
  register(accelerator: string): boolean {
    if (this.taken.has(accelerator)) return false;
    this.registered.add(accelerator);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
}

export type ShortcutState =
  | { readonly registered: true; readonly accelerator: string }
  | { readonly registered: false; readonly why: string | null };

/**
 * Keeps the Quick access shortcut registered as the settings say: registers it when turned on,
 * moves it when changed, lets it go when turned off, and says why when the OS refuses it.
 */
export class QuickAccessShortcut {
  #current: string | null = null;
  #state: ShortcutState = { registered: false, why: null };

  constructor(
    private readonly shortcuts: GlobalShortcutPort,
    private readonly open: () => void,
    /** Names the shortcut in the platform's words when it is refused. */
    private readonly platform: string,
  ) {}

  get state(): ShortcutState {
    return this.#state;
  }

  apply(settings: Pick<Settings, 'quickAccess' | 'quickAccessShortcut'>): ShortcutState {
    // An empty shortcut is none: Quick access opens from the tray menu only.
    const wanted =
      settings.quickAccess && settings.quickAccessShortcut !== '' ? settings.quickAccessShortcut : null;
    if (wanted === this.#current && (wanted === null || this.#state.registered)) return this.#state;
    if (this.#current !== null) this.shortcuts.unregister(this.#current);
    this.#current = null;
    if (wanted === null) {
      this.#state = { registered: false, why: null };
    } else if (this.shortcuts.register(wanted, this.open)) {
      this.#current = wanted;
      this.#state = { registered: true, accelerator: wanted };
    } else {
      this.#state = {
        registered: false,
        why: `${acceleratorLabel(wanted, this.platform)} could not be registered: another app may use it, or this desktop does not let apps register global shortcuts.`,
      };
    }
    return this.#state;
  }
}
