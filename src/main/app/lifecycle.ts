import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, nativeTheme, session, shell } from 'electron';
import { ipcEventId, type EventName } from '../../shared/ipc/contract';
import { registerIpcDoor } from '../ipc/door';
import type { TrustedTarget } from '../ipc/sender';
import { registerEventSubscriptions } from '../ipc/subscriptions';
import { createDispatch } from '../../desktop/ipc/dispatch';
import { codesHandlers } from '../../desktop/ipc/handlers/codes';
import { desktopHandlers } from '../../desktop/ipc/handlers';
import { toEntryMeta } from '../../desktop/ipc/handlers/present';
import { osKeychain } from '../../desktop/keychain';
import { defaultVaultPath } from '../../desktop/platform/paths';
import { electronClipboard } from '../platform/electron-clipboard';
import { electronScreenCapture } from '../platform/screen-capture';
import { APP_ENTRY_URL } from '../../desktop/security/origins';
import { createDesktopServices, type DesktopServices } from '../../desktop/services/desktop-services';
import { EventHub } from '../../desktop/services/events';
import { createTray } from '../tray/tray';
import { trayIconFile } from '../../desktop/tray/tray-icon';
import { createMainWindow } from '../window/main-window';
import { electronGlobalShortcuts, electronQuickAccess } from '../quick-access/quick-access-window';
import { electronUpdater } from '../updates/electron-updates';
import { handleAppProtocol } from './protocol';
import { offerOpenedLink, otpauthLinkFromArgv } from '../../desktop/app/otpauth-links';
import { hardenSession } from './session-hardening';
import { electronPowerMonitor } from './power-monitor';

export interface StartOptions {
  home: string;
  outDir: string;
  resourcesDir: string;
  origins: readonly string[];
  devServerUrl: string | undefined;
  /** Development runs only (security/development.ts). */
  devTools: boolean;
  /** Links that arrived before the app was ready (argv of the first launch, macOS open-url). */
  earlyLinks: string[];
}

/** Builds the services and the window once Electron is ready; returns how to deliver later links. */
export async function startApp(options: StartOptions): Promise<{ openLink(uri: string): void }> {
  const events = new EventHub();
  const quickAccess = electronQuickAccess({
    preload: join(options.outDir, 'preload/index.cjs'),
    entryUrl: options.devServerUrl ?? APP_ENTRY_URL,
    origins: options.origins,
    devTools: options.devTools,
  });
  const services: DesktopServices = await createDesktopServices({
    quickAccess,
    globalShortcuts: electronGlobalShortcuts,
    // `show` is declared below; the shortcut only calls it once the app runs.
    showWindow: () => show(),
    info: { version: app.getVersion(), platform: process.platform, home: options.home, shell: 'electron' },
    vaultPath: defaultVaultPath({ ...process.env, TWOFOLD_HOME: options.home }),
    keychain: osKeychain(),
    clipboard: electronClipboard,
    screen: electronScreenCapture,
    events,
    openUrl: (url) => shell.openExternal(url),
    updater: await electronUpdater(),
    power: electronPowerMonitor,
    async chooseLocation({ kind, suggestedName }) {
      if (kind === 'folder') {
        const chosen = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
        return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      }
      const chosen = await dialog.showSaveDialog({
        defaultPath: join(app.getPath('documents'), suggestedName),
      });
      return chosen.canceled || chosen.filePath === '' ? null : chosen.filePath;
    },
  });

  hardenSession(session.defaultSession, options.origins);
  handleAppProtocol(session.defaultSession, join(options.outDir, 'renderer'));

  let window: BrowserWindow | null = null;
  let quitting = false;
  const show = (): void => {
    window ??= openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  function openWindow(): BrowserWindow {
    const created = createMainWindow({
      preload: join(options.outDir, 'preload/index.cjs'),
      entryUrl: options.devServerUrl ?? APP_ENTRY_URL,
      origins: options.origins,
      devTools: options.devTools,
    });
    created.on('close', (event) => {
      // Closing keeps Twofold in the tray (a setting, on by default); Quit really quits.
      if (!quitting && services.settings.get().closeToTray) {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('closed', () => {
      window = null;
    });
    return created;
  }

  const dispatch = createDispatch(desktopHandlers, services, (line) => console.error(line));
  const trustedWindow = (): TrustedTarget | null =>
    window && !window.isDestroyed()
      ? { webContentsId: window.webContents.id, origins: options.origins }
      : null;
  // The Quick access window may call too (it lists accounts and asks main to copy a code).
  const quickWindow = quickAccess.window;
  registerIpcDoor(ipcMain, dispatch, () =>
    [
      trustedWindow(),
      ((w) => (w ? { webContentsId: w.webContents.id, origins: options.origins } : null))(quickWindow()),
    ].filter((target): target is TrustedTarget => target !== null),
  );
  app.on('will-quit', () =>
    services.quickAccessShortcut.apply({ quickAccess: false, quickAccessShortcut: '' }),
  );
  const subscriptions = registerEventSubscriptions(ipcMain, trustedWindow);

  const trayIcon = (): string =>
    join(
      options.resourcesDir,
      'tray',
      trayIconFile({
        platform: process.platform,
        darkTheme: nativeTheme.shouldUseDarkColors,
        desktop: process.env.XDG_CURRENT_DESKTOP,
      }),
    );
  const tray = createTray(trayIcon(), {
    entries: () =>
      services.vaults.status().state === 'ready' ? services.vaults.current().list().map(toEntryMeta) : null,
    copy: (id) => {
      codesHandlers.copy(services, { id }).catch(() => {
        // The entry went away since the menu was built; the next refresh drops it.
      });
    },
    show,
    quickAccess: () => services.openQuickAccess(),
    canLock: () => services.vaults.lockable,
    lock: () => {
      void services.lock('person').catch(() => undefined);
    },
    quit: () => app.quit(),
  });

  nativeTheme.on('updated', () => tray.setIcon(trayIcon()));
  const trayNeeds = (name: EventName): boolean => name === 'entries.changed' || name === 'vault.status';
  events.listen(() => tray.refresh(), trayNeeds);
  // The window gets only the events its page listens to (the preload says which).
  events.listen(
    (name, payload) => {
      if (window && !window.isDestroyed()) window.webContents.send(ipcEventId(name), payload);
    },
    (name) => window !== null && !window.isDestroyed() && subscriptions.wants(name),
  );

  let clipboardCleared = false;
  app.on('before-quit', (event) => {
    quitting = true;
    services.ticker.stop();
    services.autoLock.stop();
    if (clipboardCleared) return;
    // Electron's clipboard is asynchronous: hold the quit until a copied code is cleared.
    event.preventDefault();
    void services.clipboard
      .dispose()
      .catch(() => undefined)
      .finally(() => {
        clipboardCleared = true;
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (!services.settings.get().closeToTray) app.quit();
  });
  app.on('activate', show);

  const openLink = (uri: string): void => {
    offerOpenedLink(services, uri);
    show();
  };
  app.on('second-instance', (_event, argv) => {
    const link = otpauthLinkFromArgv(argv);
    if (link) openLink(link);
    else show();
  });

  window = openWindow();
  services.ticker.start();
  services.autoLock.start();
  services.updates.startAutomatic();
  for (const link of options.earlyLinks.splice(0)) offerOpenedLink(services, link);
  return { openLink };
}
