import { twofoldHome } from '../platform/paths';

/**
 * Where all of Twofold's state lives: TWOFOLD_HOME, else Electron's own
 * `--user-data-dir`, else the per-user app data folder. One folder, so a test
 * or a portable install can point everything elsewhere at once.
 */
export function resolveHome(options: {
  env: Record<string, string | undefined>;
  userDataDirSwitch: string | null;
  platform?: NodeJS.Platform;
}): string {
  const fromEnv = options.env.TWOFOLD_HOME?.trim();
  if (fromEnv) return fromEnv;
  if (options.userDataDirSwitch) return options.userDataDirSwitch;
  return twofoldHome(options.env, options.platform);
}
