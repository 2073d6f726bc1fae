import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, win32 } from 'node:path';
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

/** Windows: the per-user registry key each browser reads the manifest's path from (its default value). */
const REGISTRY: Record<BrowserName, string> = {
  chrome: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'HKCU\\Software\\Chromium\\NativeMessagingHosts',
  edge: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
  firefox: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts',
};

export function registryKey(browser: BrowserName): string {
  return `${REGISTRY[browser]}\\${NATIVE_HOST_NAME}`;
}

/**
 * Where the host manifest goes: a profile's own NativeMessagingHosts with --user-data-dir, else
 * the browser's per-user folder; on Windows a file of Twofold's (one per browser: Firefox's
 * differs) that the browser's registry key points at.
 */
export function manifestPath(
  browser: BrowserName,
  userDataDir?: string,
  platform: NodeJS.Platform = process.platform,
  home: string = process.env.HOME ?? homedir(),
): string {
  const file = `${NATIVE_HOST_NAME}.json`;
  if (userDataDir !== undefined) return join(userDataDir, 'NativeMessagingHosts', file);
  if (platform === 'win32') {
    const local = process.env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'Twofold', 'NativeMessagingHosts', browser, file);
  }
  if (platform !== 'linux' && platform !== 'darwin')
    throw new Error(`Twofold does not know where browsers on ${platform} look for native hosts.`);
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
  if (process.platform === 'win32' && userDataDir === undefined)
    await promisify(execFile)('reg', ['add', registryKey(browser), '/ve', '/t', 'REG_SZ', '/d', path, '/f']);
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
  if (process.platform === 'win32' && userDataDir === undefined)
    await promisify(execFile)('reg', ['delete', registryKey(browser), '/f']).catch(() => undefined);
  return status.registered;
}
