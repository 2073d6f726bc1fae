import { join } from 'node:path';
import { app, dialog, shell } from 'electron';
import { osKeychain } from '../../desktop/keychain';
import { defaultVaultPath } from '../../desktop/platform/paths';
import { createDesktopServices, type DesktopServices } from '../../desktop/services/desktop-services';
import type { EventHub } from '../../desktop/services/events';
import type { QuickAccessWindowPort } from '../../desktop/quick-access/quick-access';
import { electronClipboard } from '../platform/electron-clipboard';
import { electronScreenCapture } from '../platform/screen-capture';
import { electronGlobalShortcuts } from '../quick-access/quick-access-window';
import { electronUpdater } from '../updates/electron-updates';
import { electronPowerMonitor } from './power-monitor';

/** The desktop services on Electron's ports: OS keychain, clipboard, screen, dialogs, updater. */
export async function electronServices(ports: {
  home: string;
  events: EventHub;
  quickAccess: QuickAccessWindowPort;
  showWindow: () => void;
}): Promise<DesktopServices> {
  return createDesktopServices({
    quickAccess: ports.quickAccess,
    globalShortcuts: electronGlobalShortcuts,
    showWindow: ports.showWindow,
    info: {
      version: app.getVersion(),
      platform: process.platform,
      home: ports.home,
      shell: 'electron',
      systemLocales: app.getPreferredSystemLanguages(),
    },
    vaultPath: defaultVaultPath({ ...process.env, TWOFOLD_HOME: ports.home }),
    keychain: osKeychain(),
    clipboard: electronClipboard,
    screen: electronScreenCapture,
    events: ports.events,
    openUrl: (url) => shell.openExternal(url),
    updater: await electronUpdater(),
    power: electronPowerMonitor,
    // The packaged executable is the browser host (started with the extension's id); a
    // development build registers the CLI's host with `twofold browser install` instead.
    browserHost: app.isPackaged ? process.execPath : null,
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
}
