import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { osKeychain } from '../../src/desktop/keychain';
import { FolderSync } from '../../src/desktop/sync';
import { Vault, type VaultEntry } from '../../src/desktop/vault';

export { keychainUnavailable } from '../vault/support';

/** A folder of its own per test file: the sync folder and one home per computer inside it. */
export async function syncFolder(): Promise<{ path: string; folder: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'twofold-sync-test-'));
  const folder = join(path, 'Sync');
  await mkdir(folder);
  return { path, folder, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export interface Computer {
  readonly name: string;
  readonly home: string;
  readonly vault: Vault;
  sync: FolderSync;
}

/** A computer: its own home and vault (key in the real keychain), synced through `folder`. */
export async function computer(
  root: string,
  name: string,
  folder: string,
  join_: { code: string } | null,
): Promise<Computer> {
  const home = join(root, name);
  await mkdir(home, { recursive: true });
  const keychain = osKeychain();
  const vault = await Vault.create({ path: join(home, 'vault.twofold'), keychain });
  const sync =
    join_ === null
      ? await FolderSync.setup(vault, keychain, { folder, name })
      : await FolderSync.join(vault, keychain, { code: join_.code, folder, name });
  return { name, home, vault, sync };
}

/** What two vaults must agree on: every entry's content (secrets included), in order. */
export function contentOf(vault: Vault): Omit<VaultEntry, never>[] {
  return vault.exportEntries().map((entry) => ({ ...entry }));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A valid TOTP account with a random secret (32 base32 characters, 160 bits). */
export function account(issuer: string, login: string) {
  const secret = [...randomBytes(32)].map((byte) => BASE32[byte % 32]).join('');
  return {
    type: 'totp' as const,
    issuer,
    account: login,
    secret,
    algorithm: 'SHA1' as const,
    digits: 6,
    period: 30,
    counter: 0,
  };
}
