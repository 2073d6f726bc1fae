import type { BrowserWindow } from 'electron';
import type { TrustedTarget } from '../ipc/sender';
import { createMainWindow, type MainWindowOptions } from '../window/main-window';

/** The main window over its life: made on demand, hidden to the tray on close unless quitting. */
export interface MainWindowSlot {
  /** Brings the window forward, making it again if it was closed. */
  show(): void;
  /** Makes the window if there is none (at start). */
  open(): void;
  /** The window, while it exists. */
  current(): BrowserWindow | null;
  /** The window as an IPC sender the door and the event subscriptions trust, while it exists. */
  trusted(): TrustedTarget | null;
  /** Quit was chosen: from now on closing really closes. */
  quitting(): void;
}

export function mainWindowSlot(options: MainWindowOptions, closeToTray: () => boolean): MainWindowSlot {
  let window: BrowserWindow | null = null;
  let quitting = false;

  function create(): BrowserWindow {
    const created = createMainWindow(options);
    created.on('close', (event) => {
      // Closing keeps Twofold in the tray (a setting, on by default); Quit really quits.
      if (!quitting && closeToTray()) {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('closed', () => {
      window = null;
    });
    return created;
  }

  const current = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);
  return {
    show() {
      window ??= create();
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    open() {
      window ??= create();
    },
    current,
    trusted() {
      const open = current();
      return open ? { webContentsId: open.webContents.id, origins: options.origins } : null;
    },
    quitting() {
      quitting = true;
    },
  };
}
