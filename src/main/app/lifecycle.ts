import { join } from 'node:path';
import { session } from 'electron';
import { offerOpenedLink } from '../../desktop/app/otpauth-links';
import { APP_ENTRY_URL } from '../../desktop/security/origins';
import { EventHub } from '../../desktop/services/events';
import { electronQuickAccess } from '../quick-access/quick-access-window';
import type { MainWindowOptions } from '../window/main-window';
import { connectWindows } from './ipc';
import { handleLinks } from './links';
import { handleAppProtocol } from './protocol';
import { handleQuit } from './quit';
import { electronServices } from './services';
import { hardenSession } from './session-hardening';
import { startTray } from './tray-wiring';
import { mainWindowSlot, type MainWindowSlot } from './window';

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
  // The main window and Quick access load the same page with the same hardening.
  const page: MainWindowOptions = {
    preload: join(options.outDir, 'preload/index.cjs'),
    entryUrl: options.devServerUrl ?? APP_ENTRY_URL,
    origins: options.origins,
    devTools: options.devTools,
  };
  const events = new EventHub();
  const quickAccess = electronQuickAccess(page);
  // The window is made below; the global shortcut only asks for it once the app runs.
  let window: MainWindowSlot | null = null;
  const services = await electronServices({
    home: options.home,
    events,
    quickAccess,
    showWindow: () => window?.show(),
  });

  hardenSession(session.defaultSession, options.origins);
  handleAppProtocol(session.defaultSession, join(options.outDir, 'renderer'));

  const main = mainWindowSlot({ ...page, t: services.language.t }, () => services.settings.get().closeToTray);
  window = main;
  connectWindows(services, events, main, { window: quickAccess.window, origins: options.origins });
  startTray(services, events, options.resourcesDir, main.show);
  handleQuit(services, main);
  const openLink = handleLinks(services, main.show);

  main.open();
  services.ticker.start();
  services.autoLock.start();
  services.updates.startAutomatic();
  for (const link of options.earlyLinks.splice(0)) offerOpenedLink(services, link);
  return { openLink };
}
