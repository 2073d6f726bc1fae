import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { matchVaultEntry } from '../../desktop/helpdesk';
import { osKeychain } from '../../desktop/keychain';
import { defaultVaultPath } from '../../desktop/platform/paths';
import { Vault } from '../../desktop/vault';
import { UsageError } from '../usage-error';

/** The vault options every `twofold admin` command takes. */
export interface VaultFlags {
  vault?: string;
  vaultPasswordFile?: string;
}

/** Opens the vault named by --vault (or the usual one), with the OS keychain and an optional password file. */
export async function openVault(options: VaultFlags, create: boolean): Promise<Vault> {
  const path = resolve(options.vault ?? defaultVaultPath());
  const password = options.vaultPasswordFile
    ? (await readFile(options.vaultPasswordFile, 'utf8')).replace(/\r?\n$/, '')
    : undefined;
  const vaultOptions = { path, keychain: osKeychain(), ...(password ? { password } : {}) };
  return create ? Vault.openOrCreate(vaultOptions) : Vault.open(vaultOptions);
}

/** A code from the vault entry that matches this server and login, if the person asked for it. */
export async function codeFromVault(
  options: VaultFlags,
  url: string,
  login: string,
  profileName?: string,
): Promise<string> {
  const vault = await openVault(options, false);
  try {
    const match = matchVaultEntry(vault.list(), { url, login, profileName });
    if (!match)
      throw new UsageError(
        `the vault has no entry for ${login} on ${new URL(url).host}; give --code instead.`,
      );
    const code = vault.codes().find((entry) => entry.id === match.id)?.code;
    if (!code) throw new UsageError('the matching vault entry gave no code; give --code instead.');
    return code;
  } finally {
    vault.close();
  }
}

/** "issuer: account" of the vault entry that could sign this login in, or null (also when the vault cannot be opened). */
export async function vaultOffer(
  options: VaultFlags,
  url: string,
  login: string,
  profileName?: string,
): Promise<string | null> {
  try {
    const vault = await openVault(options, false);
    try {
      const match = matchVaultEntry(vault.list(), { url, login, profileName });
      return match ? `${match.issuer}: ${match.account}` : null;
    } finally {
      vault.close();
    }
  } catch {
    return null;
  }
}
