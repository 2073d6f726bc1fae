import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NATIVE_HOST_NAME } from '../../shared/browser/messages';
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../shared/browser/extension-ids';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type BrowserName = (typeof BROWSERS)[number];

/** Each browser's per-user folder of host manifests (Windows uses the registry instead). */
const FOLDERS: Record<BrowserName, { linux: string; darwin: string }> = {
  chrome: { linux: '.config/google-chrome', darwin: 'Library/Application Support/Google/Chrome' },
  chromium: { linux: '.config/chromium', darwin: 'Library/Application Support/Chromium' },
  edge: { linux: '.config/microsoft-edge', darwin: 'Library/Application Support/Microsoft Edge' },
  brave: {
    linux: '.config/BraveSoftware/Brave-Browser',
    darwin: 'Library/Application Support/BraveSoftware/Brave-Browser',
  },
  firefox: { linux: '.mozilla', darwin: 'Library/Application Support/Mozilla' },
};

/** Where the host manifest goes: a profile's own NativeMessagingHosts with --user-data-dir, else the browser's. */
export function manifestPath(
  browser: BrowserName,
  userDataDir?: string,
  platform: NodeJS.Platform = process.platform,
  home: string = process.env.HOME ?? homedir(),
): string {
  const file = `${NATIVE_HOST_NAME}.json`;
  if (userDataDir !== undefined) return join(userDataDir, 'NativeMessagingHosts', file);
  if (platform !== 'linux' && platform !== 'darwin')
    throw new Error(
      `Registering the browser host on ${platform} is not done by the CLI yet; the installer does it.`,
    );
  const folder = FOLDERS[browser][platform];
  const hosts =
    browser === 'firefox'
      ? platform === 'linux'
        ? 'native-messaging-hosts'
        : 'NativeMessagingHosts'
      : 'NativeMessagingHosts';
  return join(home, folder, hosts, file);
}

export function hostManifest(browser: BrowserName, launcher: string): object {
  const common = {
    name: NATIVE_HOST_NAME,
    description: 'Twofold: two-factor codes for its browser extension',
    path: launcher,
    type: 'stdio',
  };
  return browser === 'firefox'
    ? { ...common, allowed_extensions: [FIREFOX_EXTENSION_ID] }
    : { ...common, allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`] };
}

/** A small script the browser starts: the CLI's host mode, on the vault given at install (if any). */
export async function writeLauncher(path: string, command: readonly string[]): Promise<void> {
  const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  await writeFile(
    path,
    `#!/bin/sh\n# Twofold's browser host, written by "twofold browser install".\nexec ${quoted} "$@"\n`,
  );
  await chmod(path, 0o755);
}

export async function installManifest(
  browser: BrowserName,
  launcher: string,
  userDataDir?: string,
): Promise<string> {
  const path = manifestPath(browser, userDataDir);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `${JSON.stringify(hostManifest(browser, launcher), null, 2)}\n`);
  return path;
}

/** Whether the manifest is there and points at an existing launcher. */
export async function manifestStatus(
  browser: BrowserName,
  userDataDir?: string,
): Promise<{ path: string; registered: boolean; launcher?: string }> {
  const path = manifestPath(browser, userDataDir);
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as { path?: unknown };
    return typeof json.path === 'string'
      ? { path, registered: true, launcher: json.path }
      : { path, registered: false };
  } catch {
    return { path, registered: false };
  }
}

export async function removeManifest(browser: BrowserName, userDataDir?: string): Promise<boolean> {
  const status = await manifestStatus(browser, userDataDir);
  await rm(status.path, { force: true });
  return status.registered;
}
