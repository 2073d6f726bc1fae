import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import type { UpdaterPort } from '../../desktop/updates/update-service';
import { electronUpdaterPort } from './updater-port';

/**
 * The updater of a packaged build made with a feed (electron-builder then writes
 * resources/app-update.yml); null in development and in builds without a feed.
 */
export async function electronUpdater(): Promise<UpdaterPort | null> {
  if (!app.isPackaged || !existsSync(join(process.resourcesPath, 'app-update.yml'))) return null;
  const { default: updates } = await import('electron-updater');
  return electronUpdaterPort(updates.autoUpdater);
}
