import { BrowserWindow, globalShortcut, screen } from 'electron';
import { isAllowedNavigation } from '../../desktop/security/navigation';
import { webPreferencesFor } from '../../desktop/security/web-preferences';
import type { GlobalShortcutPort, QuickAccessWindowPort } from '../../desktop/quick-access/quick-access';

export interface QuickAccessWindowOptions {
  preload: string;
  /** The renderer's entry URL; the window adds `#quick-access`. */
  entryUrl: string;
  origins: readonly string[];
  devTools: boolean;
}

/** Electron's global shortcuts behind the port the (testable) QuickAccessShortcut uses. */
export const electronGlobalShortcuts: GlobalShortcutPort = {
  register: (accelerator, onPress) => {
    try {
      return globalShortcut.register(accelerator, onPress);
    } catch {
      return false;
    }
  },
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
};

/**
 * The small, frameless Quick access window, made on first use and then shown and hidden. It
 * loads the same page as the main window (with the same hardening) and hides when it loses focus.
 */
export function electronQuickAccess(options: QuickAccessWindowOptions): QuickAccessWindowPort & {
  readonly window: () => BrowserWindow | null;
} {
  let window: BrowserWindow | null = null;
  const create = (): BrowserWindow => {
    const created = new BrowserWindow({
      width: 520,
      height: 360,
      frame: false,
      resizable: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      show: false,
      title: 'Twofold Quick access',
      webPreferences: webPreferencesFor(options.preload, { devTools: options.devTools }),
    });
    created.setContentProtection(true);
    created.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    created.webContents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, options.origins)) event.preventDefault();
    });
    created.on('blur', () => created.hide());
    created.on('closed', () => {
      window = null;
    });
    void created.loadURL(`${options.entryUrl}#quick-access`);
    return created;
  };
  return {
    window: () => (window && !window.isDestroyed() ? window : null),
    show() {
      window ??= create();
      // On the display under the pointer, a third of the way down.
      const { workArea } = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      const [width = 520] = window.getSize();
      window.setPosition(
        Math.round(workArea.x + (workArea.width - width) / 2),
        Math.round(workArea.y + workArea.height / 3),
      );
      window.show();
      window.focus();
    },
    hide() {
      window?.hide();
    },
  };
}
