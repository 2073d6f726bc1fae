import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { defaultVaultPath } from '../../desktop/platform/paths';
import { KeychainUnavailableError, osKeychain, type Keychain } from '../../desktop/keychain';
import { Vault, VaultError } from '../../desktop/vault';
import { UsageError } from '../usage-error';

export interface VaultCliOptions {
  vault?: string;
  passwordFile?: string;
}

/** The options every vault command takes. */
export function withVaultOptions(command: Command): Command {
  return command
    .option('--vault <path>', 'the vault file (default: TWOFOLD_VAULT, else the per-user Twofold folder)')
    .option(
      '--password-file <file>',
      'open the vault with the password in this file (else TWOFOLD_PASSWORD, else the keychain)',
    );
}

/** Reads a password from a file: its first line, without the line break. */
export async function readPasswordFile(file: string, option: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`${option}: cannot read ${file} (${code}).`);
  }
  const password = text.split(/\r?\n/, 1)[0] ?? '';
  if (password === '') throw new UsageError(`${option}: ${file} holds no password on its first line.`);
  return password;
}

async function passwordOf(options: VaultCliOptions): Promise<string | undefined> {
  if (options.passwordFile !== undefined) return readPasswordFile(options.passwordFile, '--password-file');
  const fromEnv = process.env.TWOFOLD_PASSWORD;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

export function vaultPathOf(options: VaultCliOptions): string {
  if (options.vault !== undefined && options.vault.trim() === '')
    throw new UsageError('--vault needs a file path.');
  return options.vault ?? defaultVaultPath();
}

async function addPasswordHint(error: unknown, path: string): Promise<void> {
  const locked = error instanceof VaultError && error.code === 'LOCKED';
  if (!locked && !(error instanceof KeychainUnavailableError)) return;
  const file = await Vault.peek(path).catch(() => undefined);
  if (file === null)
    error.message += ' Or create the vault with a password: --password-file F or TWOFOLD_PASSWORD.';
  else if (file?.hasPasswordSlot)
    error.message += ' Give its password with --password-file F or TWOFOLD_PASSWORD.';
}

/** TWOFOLD_KEYCHAIN_TIMEOUT_MS: how long to wait for the keychain (e.g. a hung D-Bus peer) before giving up. */
function keychainTimeout(): { timeoutMs?: number } {
  const raw = process.env.TWOFOLD_KEYCHAIN_TIMEOUT_MS;
  if (raw === undefined || raw === '') return {};
  if (!/^\d{3,6}$/.test(raw)) {
    throw new UsageError(
      `TWOFOLD_KEYCHAIN_TIMEOUT_MS must be milliseconds from 100 to 999999, not "${raw}".`,
    );
  }
  return { timeoutMs: Number(raw) };
}

/** The OS keychain as the CLI reaches it (bounded by TWOFOLD_KEYCHAIN_TIMEOUT_MS). */
export function cliKeychain(): Keychain {
  return osKeychain('Twofold', keychainTimeout());
}

/** Opens the vault (or creates it when `create` is set and there is none yet). */
export async function openVault(options: VaultCliOptions, create = false): Promise<Vault> {
  const path = vaultPathOf(options);
  const password = await passwordOf(options);
  const keychain = cliKeychain();
  const settings = password === undefined ? { path, keychain } : { path, keychain, password };
  try {
    return await (create ? Vault.openOrCreate(settings) : Vault.open(settings));
  } catch (error) {
    // The vault's words are for every front end; say how a password is given here.
    if (password === undefined) await addPasswordHint(error, path);
    throw error;
  }
}
