import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The per-user folder where Twofold keeps its files (same place Electron's userData would be). */
export function twofoldHome(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = nonEmpty(env.TWOFOLD_HOME);
  if (override) return override;
  const home = nonEmpty(env.HOME) ?? homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Twofold');
    case 'win32':
      return join(nonEmpty(env.APPDATA) ?? join(home, 'AppData', 'Roaming'), 'Twofold');
    default:
      return join(nonEmpty(env.XDG_CONFIG_HOME) ?? join(home, '.config'), 'Twofold');
  }
}

/** The vault file used when no `--vault` is given. */
export function defaultVaultPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return nonEmpty(env.TWOFOLD_VAULT) ?? join(twofoldHome(env, platform), 'vault.twofold');
}
