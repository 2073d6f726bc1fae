import type { EntryMeta } from '../../shared/ipc/channels/schemas';

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
export function trayLabel(entry: Pick<EntryMeta, 'issuer' | 'account'>): string {
  const text =
    entry.issuer && entry.account ? `${entry.issuer} — ${entry.account}` : entry.issuer || entry.account;
  return (text || 'Unnamed account').replace(/&/g, '&&');
}

/**
 * The tray menu as data: quick copy of each account's current code, Lock now
 * (when a vault password can unlock it again), then Show and Quit. `entries` is
 * null while the vault is locked: no codes then, only a way to unlock.
 */
export function trayMenuItems(
  entries: readonly EntryMeta[] | null,
  options: { canLock?: boolean } = {},
): TrayItem[] {
  const items: TrayItem[] = [];
  if (entries === null) {
    items.push({ kind: 'note', label: 'The vault is locked' }, { kind: 'unlock', label: 'Unlock…' });
  } else if (entries.length === 0) {
    items.push({ kind: 'note', label: 'No accounts yet' });
  } else {
    const totp = entries.filter((entry) => entry.type !== 'hotp');
    for (const entry of totp.slice(0, TRAY_MAX_ACCOUNTS)) {
      items.push({ kind: 'copy', id: entry.id, label: trayLabel(entry) });
    }
    if (totp.length > TRAY_MAX_ACCOUNTS) {
      items.push({ kind: 'more', label: `${totp.length - TRAY_MAX_ACCOUNTS} more in the window…` });
    }
  }
  items.push(
    { kind: 'separator' },
    // The same search as the global shortcut, for desktops where none can be registered.
    ...(entries && entries.length > 0 ? [{ kind: 'quick' as const, label: 'Quick access…' }] : []),
    ...(entries !== null && options.canLock === true ? [{ kind: 'lock' as const, label: 'Lock now' }] : []),
    { kind: 'show', label: 'Show Twofold' },
    { kind: 'quit', label: 'Quit Twofold' },
  );
  return items;
}
