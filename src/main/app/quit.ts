import { app } from 'electron';
import type { DesktopServices } from '../../desktop/services/desktop-services';
import type { MainWindowSlot } from './window';

/** Quit, close-all and activate: timers stop, the global shortcut goes, a copied code is cleared first. */
export function handleQuit(services: DesktopServices, window: MainWindowSlot): void {
  app.on('will-quit', () =>
    services.quickAccessShortcut.apply({ quickAccess: false, quickAccessShortcut: '' }),
  );
  let clipboardCleared = false;
  app.on('before-quit', (event) => {
    window.quitting();
    services.ticker.stop();
    services.autoLock.stop();
    services.sync.stop();
    services.browser.close();
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
  app.on('activate', () => window.show());
}
