import { BrowserWindow, dialog, shell } from 'electron';
import { isAllowedExternalUrl } from '../../desktop/security/external-links';
import { isAllowedNavigation, windowOpenDecision } from '../../desktop/security/navigation';
import { webPreferencesFor } from '../../desktop/security/web-preferences';
import { englishTranslate, type DesktopTranslate } from '../../desktop/i18n/desktop-language';

export interface MainWindowOptions {
  preload: string;
  entryUrl: string;
  origins: readonly string[];
  devTools: boolean;
  /** The app's language, for the one dialog main shows itself. */
  t?: DesktopTranslate;
}

/** The one window, with every web-facing decision taken by the pure functions in ../security. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 480,
    minHeight: 400,
    title: 'Twofold',
    show: false,
    webPreferences: webPreferencesFor(options.preload, { devTools: options.devTools }),
  });
  // Codes and revealed secrets stay out of screenshots and screen shares.
  window.setContentProtection(true);
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url, isAllowedExternalUrl).openExternally) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowedNavigation(url, options.origins)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, options.origins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The renderer holds back closing or reloading only while recovery codes are on screen and not
  // confirmed saved (beforeunload); Electron then closes nothing and asks nobody, so ask here.
  const t = options.t ?? englishTranslate;
  contents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: [t('common.unsavedCodes.stay'), t('common.unsavedCodes.close')],
      defaultId: 0,
      cancelId: 0,
      title: 'Twofold',
      message: t('common.unsavedCodes.message'),
      detail: t('common.unsavedCodes.detail'),
    });
    // preventDefault here overrides the renderer's beforeunload: the window closes.
    if (choice === 1) event.preventDefault();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.entryUrl);
  return window;
}
