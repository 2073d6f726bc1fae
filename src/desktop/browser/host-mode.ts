import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../shared/browser/extension-ids';
import { defaultVaultPath } from '../platform/paths';
import { Vault } from '../vault';
import { askApp } from './app-channel';
import { runNativeHost } from './native-host';

/** What a browser passes the host it starts: Chromium's the caller's origin, Firefox the extension's id. */
const CALLERS = [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`, FIREFOX_EXTENSION_ID];

/**
 * Whether this process was started by a browser as Twofold's native host: the packaged app's
 * executable is what the host manifests point at (RunAsNode stays off), and the browser's own
 * arguments say so. Another extension's origin is not ours: the app starts as usual.
 */
export function browserHostCaller(argv: readonly string[]): string | null {
  return argv.find((arg) => CALLERS.includes(arg)) ?? null;
}

/**
 * The host on stdio, for the vault of the TWOFOLD_HOME it runs in: the running app first,
 * else the vault opened through the keychain. Resolves when the browser closes stdin.
 */
export function runBrowserHostMode(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const vaultPath = defaultVaultPath(env);
  return runNativeHost({
    input: process.stdin,
    output: process.stdout,
    vaultPath,
    openVault: () => Vault.open({ path: vaultPath }),
    askApp: (request) => askApp(vaultPath, request),
  });
}
