import type { EntryMeta } from '../../shared/ipc/channels/schemas';
import { englishTranslate, type DesktopTranslate } from '../i18n/desktop-language';

/** Menu items beyond this would not fit on a screen; the window has the rest. */
export const TRAY_MAX_ACCOUNTS = 25;

export type TrayItem =
  | { kind: 'copy'; id: string; label: string }
  | { kind: 'more'; label: string }
  | { kind: 'show'; label: string }
  | { kind: 'quick'; label: string }
  | { kind: 'lock'; label: string }
  | { kind: 'unlock'; label: string }
  | { kind: 'quit'; label: string }
  | { kind: 'separator' }
  | { kind: 'note'; label: string };

/** "Issuer — login" for the tray; Electron menus treat & as a mnemonic, so it is doubled. */
export function trayLabel(
  entry: Pick<EntryMeta, 'issuer' | 'account'>,
  t: DesktopTranslate = englishTranslate,
): string {
  const text =
    entry.issuer && entry.account
      ? t('common.tray.entry', { issuer: entry.issuer, account: entry.account })
      : entry.issuer || entry.account;
  return (text || t('common.tray.unnamed')).replace(/&/g, '&&');
}

/**
 * The tray menu as data: quick copy of each account's current code, Lock now
 * (when a vault password can unlock it again), then Show and Quit. `entries` is
 * null while the vault is locked: no codes then, only a way to unlock.
 */
export function trayMenuItems(
  entries: readonly EntryMeta[] | null,
  options: { canLock?: boolean; t?: DesktopTranslate } = {},
): TrayItem[] {
  const t = options.t ?? englishTranslate;
  const items: TrayItem[] = [];
  if (entries === null) {
    items.push(
      { kind: 'note', label: t('common.tray.locked') },
      { kind: 'unlock', label: t('common.tray.unlock') },
    );
  } else if (entries.length === 0) {
    items.push({ kind: 'note', label: t('common.tray.empty') });
  } else {
    const totp = entries.filter((entry) => entry.type !== 'hotp');
    for (const entry of totp.slice(0, TRAY_MAX_ACCOUNTS)) {
      items.push({ kind: 'copy', id: entry.id, label: trayLabel(entry, t) });
    }
    if (totp.length > TRAY_MAX_ACCOUNTS) {
      items.push({ kind: 'more', label: t('common.tray.more', { count: totp.length - TRAY_MAX_ACCOUNTS }) });
    }
  }
  items.push(
    { kind: 'separator' },
    // The same search as the global shortcut, for desktops where none can be registered.
    ...(entries && entries.length > 0
      ? [{ kind: 'quick' as const, label: t('common.tray.quickAccess') }]
      : []),
    ...(entries !== null && options.canLock === true
      ? [{ kind: 'lock' as const, label: t('common.tray.lock') }]
      : []),
    { kind: 'show', label: t('common.tray.show') },
    { kind: 'quit', label: t('common.tray.quit') },
  );
  return items;
}
