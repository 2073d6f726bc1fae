import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { EntryMeta } from '../../shared/ipc/channels/schemas';
import { trayMenuItems, type TrayItem } from '../../desktop/tray/tray-menu';
import type { DesktopTranslate } from '../../desktop/i18n/desktop-language';

export interface TrayActions {
  entries(): readonly EntryMeta[] | null;
  copy(id: string): void;
  show(): void;
  /** Opens the Quick access window (search every account; Enter copies). */
  quickAccess(): void;
  /** Open with a vault password: "Lock now" is offered. */
  canLock(): boolean;
  lock(): void;
  quit(): void;
  /** The menu's words, in the app's language. */
  t: DesktopTranslate;
}

function toMenuItem(item: TrayItem, actions: TrayActions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'copy':
      return { label: item.label, click: () => actions.copy(item.id) };
    case 'show':
      return { label: item.label, click: () => actions.show() };
    case 'quick':
      return { label: item.label, click: () => actions.quickAccess() };
    case 'lock':
      return { label: item.label, click: () => actions.lock() };
    case 'unlock':
      return { label: item.label, click: () => actions.show() };
    case 'quit':
      return { label: item.label, click: () => actions.quit() };
    case 'separator':
      return { type: 'separator' };
    case 'more':
      return { label: item.label, click: () => actions.show() };
    case 'note':
      return { label: item.label, enabled: false };
  }
}

/** The tray icon: quick copy of each account's code; rebuilt when entries change. */
export function createTray(
  iconPath: string,
  actions: TrayActions,
): { refresh(): void; setIcon(path: string): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Twofold');
  const refresh = (): void => {
    tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuItems(actions.entries(), { canLock: actions.canLock(), t: actions.t }).map((i) =>
          toMenuItem(i, actions),
        ),
      ),
    );
  };
  tray.on('click', () => actions.show());
  refresh();
  return {
    refresh,
    setIcon: (path) => tray.setImage(nativeImage.createFromPath(path)),
    destroy: () => tray.destroy(),
  };
}
