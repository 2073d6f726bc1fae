import type { AppUpdater } from 'electron-updater';
import type { UpdaterPort } from './update-service';

/**
 * electron-updater behind Twofold's port. Downloads only when asked (never on its own),
 * installs on quit. electron-updater verifies what it downloads: the SHA-512 the feed's
 * latest*.yml gives, plus on Windows the installer's Authenticode publisher and on macOS
 * the app's code signature (Squirrel.Mac) against the running app's.
 */
export function electronUpdaterPort(updater: AppUpdater): UpdaterPort {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.allowPrerelease = false;
  updater.allowDowngrade = false;
  // Its default logger would print feed URLs and file paths on every check.
  updater.logger = null;
  return {
    async check() {
      const result = await updater.checkForUpdates();
      if (!result) throw new Error('the updater is not active in this build');
      return { version: result.updateInfo.version, newer: result.isUpdateAvailable };
    },
    async download() {
      await updater.downloadUpdate();
    },
  };
}
