import type { VaultEntryMeta } from '../../desktop/vault';
import { VaultError } from '../../desktop/vault';
import { UsageError } from '../usage-error';
import { openVault, type VaultCliOptions } from './vault-options';

function parseTime(value: string | undefined): number {
  if (value === undefined) return Date.now() / 1000;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--time must be Unix seconds, not "${value}".`);
  return Number(value);
}

export function describeMeta(entry: VaultEntryMeta): string {
  const name = [entry.issuer, entry.account].filter((part) => part !== '').join(' · ') || '(no name)';
  return `${entry.id}  ${name}  ${entry.type}`;
}

/**
 * `code <search>`: the id, "issuer:account" or part of either. One match prints
 * its code; several are listed on stderr and exit 2 so scripts never get the wrong code.
 */
export async function printCodeFromVault(
  search: string,
  options: VaultCliOptions & { time?: string },
): Promise<void> {
  const time = parseTime(options.time);
  const vault = await openVault(options);
  const all = vault.list();
  const byId = all.filter((entry) => entry.id === search);
  const found = byId.length > 0 ? byId : vault.search(search);
  if (found.length === 0) throw new VaultError('NOT_FOUND', `no entry in the vault matches "${search}".`);
  if (found.length > 1) {
    for (const entry of found) process.stderr.write(`${describeMeta(entry)}\n`);
    throw new UsageError(`${found.length} entries match "${search}"; give one of the ids above.`);
  }
  const [entry] = found as [VaultEntryMeta];
  if (entry.type === 'hotp') {
    console.log(await vault.nextHotpCode(entry.id));
    return;
  }
  const code = vault.codes(time).find((candidate) => candidate.id === entry.id);
  console.log(code?.code);
}
