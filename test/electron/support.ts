import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The Electron binary's path, or null (the npm package downloads it at install; that cannot work here). */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Why the real-app tests cannot run here, or null when they can. */
export function electronUnavailable(): string | null {
  if (electronBinary() === null) {
    return 'no Electron binary (the electron package could not download it here); these run where it is installed';
  }
  if (!existsSync(join(ROOT, 'out/main/index.js'))) return 'the app is not built (npm run build)';
  return null;
}

export interface LaunchedApp {
  app: ElectronApplication;
  home: string;
  close(): Promise<void>;
}

/** Starts the built app with its own TWOFOLD_HOME (and any extra argv, e.g. an otpauth link). */
export async function launchApp(
  args: string[] = [],
  home = mkdtempSync(join(tmpdir(), 'twofold-e2e-')),
): Promise<LaunchedApp> {
  const app = await _electron.launch({
    executablePath: electronBinary()!,
    args: [join(ROOT, 'out/main/index.js'), ...args],
    env: { ...process.env, TWOFOLD_HOME: home },
  });
  return {
    app,
    home,
    async close() {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
