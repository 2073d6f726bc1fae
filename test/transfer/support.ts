import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Vault, type NewEntry, type VaultEntry } from '../../src/desktop/vault';
import { runBin, type BinResult } from '../support/run-bin';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Third-party exports beside the repository (never copied into it). */
export const FIXTURES = join(resolve(ROOT, '../shared'), 'fixtures/imports');
export const VAULT_PASSWORD = 'vault password for tests';

/** A throwaway folder with a vault path in it; the vault is protected by a password, not the keychain. */
export function scratch(prefix: string): { dir: string; vault: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `twofold-${prefix}-`));
  return {
    dir,
    vault: join(dir, 'vault.twofold'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** At most two CLI processes at once: two cores. */
let running = 0;
const waiting: (() => void)[] = [];
export async function twofold(vault: string, args: string[], home?: string): Promise<BinResult> {
  if (running >= 2) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await runBin('twofold', args, {
      timeoutMs: 120_000,
      env: {
        TWOFOLD_VAULT: vault,
        TWOFOLD_PASSWORD: VAULT_PASSWORD,
        TWOFOLD_HOME: home ?? resolve(vault, '..'),
        NO_COLOR: '1',
      },
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function vaultEntries(path: string): Promise<VaultEntry[]> {
  const vault = await Vault.open({ path, password: VAULT_PASSWORD, keychain: null });
  try {
    return [...vault.exportEntries()];
  } finally {
    vault.close();
  }
}

export async function makeVault(path: string, entries: readonly NewEntry[]): Promise<void> {
  const vault = await Vault.create({ path, password: VAULT_PASSWORD, keychain: null });
  try {
    await vault.addMany(entries, { allowDuplicate: true });
  } finally {
    vault.close();
  }
}

/** What must survive a round trip, in a stable order. */
export function comparable(
  list: readonly NewEntry[],
  fields: { group?: boolean; note?: boolean } = { group: true, note: true },
): string[] {
  return list
    .map((entry) =>
      JSON.stringify({
        type: entry.type,
        issuer: entry.issuer,
        account: entry.account,
        secret: entry.secret,
        algorithm: entry.algorithm,
        digits: entry.digits,
        ...(entry.type === 'hotp' ? { counter: entry.counter } : { period: entry.period }),
        ...(fields.group ? { group: entry.group ?? '' } : {}),
        ...(fields.note ? { note: entry.note ?? '' } : {}),
      }),
    )
    .sort();
}

const account = (
  type: NewEntry['type'],
  issuer: string,
  name: string,
  secret: string,
  more: Partial<NewEntry> = {},
): NewEntry => ({
  type,
  issuer,
  account: name,
  secret,
  algorithm: 'SHA1',
  digits: type === 'steam' ? 5 : 6,
  period: 30,
  counter: 0,
  ...more,
});

/** Accounts with what exports must carry: every type, hash, digits, periods, counters, unicode, groups, notes. */
export const SAMPLE: NewEntry[] = [
  account('totp', 'Deno', 'Mason', '4SJHB4GSD43FZBAI7C2HLRJGPQ', { group: 'Work', note: 'the main one' }),
  account('totp', 'SPDX', 'James', '5OM4WOOGPLQEF6UGN3CPEOOLWU', {
    algorithm: 'SHA256',
    digits: 7,
    period: 20,
  }),
  account('totp', 'Airbnb', 'Elijah', '7ELGJSGXNCCTV3O6LKJWYFV2RA', {
    algorithm: 'SHA512',
    digits: 8,
    period: 50,
  }),
  account('hotp', 'Issuu', 'James', 'YOOMIXWS5GN6RTBPUFFWKTW5M4', { counter: 1, group: 'Work' }),
  account('hotp', 'WWE', 'Mason', '5VAML3X35THCEBVRLV24CGBKOY', {
    algorithm: 'SHA512',
    digits: 8,
    counter: 10300,
  }),
  account('steam', 'Steam', 'Sophia', 'JRZCL47CMXVOQMNPZR2F7J4RGI'),
  account('totp', 'Café: Zürich', 'zoë@exämple.com', 'JBSWY3DPEHPK3PXP', { note: 'ünïcödé ✓' }),
  account('totp', '', 'no-issuer@example.com', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ'),
  account('totp', 'Ten', 'digits', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { digits: 10 }),
];
