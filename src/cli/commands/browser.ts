import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { askApp } from '../../desktop/browser/app-channel';
import { runNativeHost } from '../../desktop/browser/native-host';
import {
  BROWSERS,
  installManifest,
  manifestStatus,
  removeManifest,
  writeLauncher,
  type BrowserName,
} from '../../desktop/browser/registration';
import { readBrowserSettings, writeBrowserSettings } from '../../desktop/browser/settings';
import { hostOfSite } from '../../shared/site/match';
import { parseUrl } from '../../node/parse-url';
import { registrableDomain } from '../../shared/site/public-suffix';
import { UsageError } from '../usage-error';
import { openVault, vaultPathOf, withVaultOptions, type VaultCliOptions } from './vault-options';

type RegisterOptions = VaultCliOptions & { browser?: BrowserName; userDataDir?: string };

function browsersOf(options: RegisterOptions): BrowserName[] {
  if (options.userDataDir !== undefined && options.browser === undefined) return ['chromium'];
  return options.browser ? [options.browser] : [...BROWSERS];
}

function withRegisterOptions(command: Command): Command {
  return withVaultOptions(
    command
      .addOption(new Option('--browser <name>', 'only this browser').choices([...BROWSERS]))
      .option(
        '--user-data-dir <dir>',
        "a browser profile folder: use that profile's own NativeMessagingHosts",
      ),
  );
}

export function registerBrowserCommands(program: Command): void {
  const browser = program
    .command('browser')
    .description("fill codes in the browser: Twofold's extension and its native host");

  withRegisterOptions(
    browser.command('install').description("register Twofold's native host with the browsers"),
  ).action(async (options: RegisterOptions) => {
    const vaultPath = resolve(vaultPathOf(options));
    const launcher = join(dirname(vaultPath), 'browser', 'twofold-browser-host');
    await mkdir(dirname(launcher), { recursive: true });
    // The script this command was started by (bin/twofold.mjs): the host runs the same CLI.
    const cli = resolve(process.argv[1] ?? '');
    await writeLauncher(launcher, [process.execPath, cli, 'browser', 'host', '--vault', vaultPath, '--']);
    for (const name of browsersOf(options))
      console.log(`${name}: ${await installManifest(name, launcher, options.userDataDir)}`);
  });

  withRegisterOptions(
    browser.command('status').description('which browsers have the host registered, and the allowed sites'),
  ).action(async (options: RegisterOptions) => {
    for (const name of browsersOf(options)) {
      const status = await manifestStatus(name, options.userDataDir);
      console.log(`${name}: ${status.registered ? `registered (${status.path})` : 'not registered'}`);
    }
    const settings = await readBrowserSettings(vaultPathOf(options));
    console.log(`filling: ${settings.enabled ? 'on' : 'off'}`);
    console.log(`allowed sites: ${settings.allowedSites.join(', ') || 'none'}`);
  });

  withRegisterOptions(
    browser.command('uninstall').description("remove Twofold's native host from the browsers"),
  ).action(async (options: RegisterOptions) => {
    for (const name of browsersOf(options))
      console.log(
        `${name}: ${(await removeManifest(name, options.userDataDir)) ? 'removed' : 'was not registered'}`,
      );
  });

  withVaultOptions(
    browser
      .command('allow')
      .description('let the extension fill codes on this site')
      .argument('<site>', 'a domain or web address'),
  ).action(async (site: string, options: VaultCliOptions) => {
    const host = hostOfSite(site, parseUrl);
    const domain = host ? registrableDomain(host) : null;
    if (!domain) throw new UsageError(`"${site}" is not a site name such as github.com.`);
    const vaultPath = vaultPathOf(options);
    const settings = await readBrowserSettings(vaultPath);
    if (!settings.allowedSites.includes(domain)) settings.allowedSites.push(domain);
    await writeBrowserSettings(vaultPath, settings);
    console.log(`allowed: ${domain}`);
  });

  // Started by the browser, with its own arguments (the caller's origin, a window handle).
  withVaultOptions(
    browser.command('host', { hidden: true }).argument('[caller...]').allowUnknownOption(),
  ).action(async (_caller: string[], options: VaultCliOptions) => {
    const vaultPath = vaultPathOf(options);
    await runNativeHost({
      input: process.stdin,
      output: process.stdout,
      vaultPath,
      openVault: () => openVault(options),
      askApp: (request) => askApp(vaultPath, request),
    });
  });
}
