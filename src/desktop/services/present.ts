import type { AccountPreview, EntryMeta, PendingAccount } from '../../shared/ipc/channels/schemas';
import type { OtpAccount } from '../../shared/otp';
import type { DesktopServices } from './desktop-services';
import type { VaultEntryMeta } from '../vault';

/** Picks the fields the renderer may see, by name, so a secret can never ride along by accident. */
export function toEntryMeta(entry: VaultEntryMeta): EntryMeta {
  return {
    id: entry.id,
    type: entry.type,
    issuer: entry.issuer,
    account: entry.account,
    algorithm: entry.algorithm,
    digits: entry.digits,
    period: entry.period,
    counter: entry.counter,
    group: entry.group,
    note: entry.note,
    ...(entry.icon !== undefined ? { icon: entry.icon } : {}),
    order: entry.order,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

export function previewOf(
  services: DesktopServices,
  account: OtpAccount,
  warnings: readonly string[],
): AccountPreview {
  const status = services.vaults.status();
  const same =
    status.state === 'ready'
      ? services.vaults
          .current()
          .list()
          .find((entry) => entry.issuer === account.issuer && entry.account === account.account)
      : undefined;
  return {
    type: account.type,
    issuer: account.issuer,
    account: account.account,
    algorithm: account.algorithm,
    digits: account.digits,
    period: account.period,
    warnings: [...warnings],
    duplicateOf: same?.id ?? null,
  };
}

export function offerAll(
  services: DesktopServices,
  source: PendingAccount['source'],
  found: readonly { account: OtpAccount; warnings: readonly string[] }[],
): PendingAccount[] {
  return found.map(({ account, warnings }) => {
    const held = services.pending.offer(source, account, warnings);
    return { pendingId: held.pendingId, source, preview: previewOf(services, account, warnings) };
  });
}
