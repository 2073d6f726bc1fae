import type { AppUpdater } from 'electron-updater';
import { z } from 'zod';
import { checkFeedUrl } from '../../desktop/updates/feed-url';
import { PersonFacingError, words } from '../../shared/person-facing-error';
import type { UpdaterPort } from '../../desktop/updates/update-service';

// Providers whose address electron-updater builds itself (always https); the others name a url.
const HTTPS_PROVIDERS = new Set(['github', 's3', 'spaces', 'bitbucket', 'gitlab']);
const feedConfigSchema = z.object({ provider: z.string(), url: z.string().optional() }).passthrough();

/**
 * The feed electron-updater is about to read, checked before it reads anything: the same
 * app-update.yml it loads (its lazily loaded `configOnDisk`), so the check and the use cannot differ.
 */
async function checkFeed(updater: AppUpdater): Promise<void> {
  const onDisk = (updater as unknown as { configOnDisk?: { value?: Promise<unknown> } }).configOnDisk?.value;
  if (!onDisk) throw new PersonFacingError('UPDATE_FEED', words('settings.updates.feed.addressUnread'));
  const config = feedConfigSchema.safeParse(await onDisk);
  if (!config.success)
    throw new PersonFacingError(
      'UPDATE_FEED',
      words('settings.updates.feed.settingsUnread', { file: 'app-update.yml' }),
    );
  if (config.data.url !== undefined) checkFeedUrl(config.data.url);
  else if (!HTTPS_PROVIDERS.has(config.data.provider))
    throw new PersonFacingError('UPDATE_FEED', words('settings.updates.feed.noAddress'));
}

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
      await checkFeed(updater);
      const result = await updater.checkForUpdates();
      if (!result) throw new PersonFacingError('UPDATE_FEED', words('settings.updates.feed.inactive'));
      return { version: result.updateInfo.version, newer: result.isUpdateAvailable };
    },
    async download() {
      await updater.downloadUpdate();
    },
  };
}
