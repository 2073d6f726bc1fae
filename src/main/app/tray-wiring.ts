import { join } from 'node:path';
import { app, nativeTheme } from 'electron';
import { toEntryMeta } from '../../desktop/services/present';
import type { DesktopServices } from '../../desktop/services/desktop-services';
import type { EventHub } from '../../desktop/services/events';
import { trayIconFile } from '../../desktop/tray/tray-icon';
import type { EventName } from '../../shared/ipc/contract';
import { createTray } from '../tray/tray';

/** The tray icon and menu, on the same services as the window; rebuilt when entries or the vault change. */
export function startTray(
  services: DesktopServices,
  events: EventHub,
  resourcesDir: string,
  show: () => void,
): void {
  const icon = (): string =>
    join(
      resourcesDir,
      'tray',
      trayIconFile({
        platform: process.platform,
        darkTheme: nativeTheme.shouldUseDarkColors,
        desktop: process.env.XDG_CURRENT_DESKTOP,
      }),
    );
  const tray = createTray(icon(), {
    entries: () =>
      services.vaults.status().state === 'ready' ? services.vaults.current().list().map(toEntryMeta) : null,
    copy: (id) => {
      services.copyCode(id).catch(() => {
        // The entry went away since the menu was built; the next refresh drops it.
      });
    },
    show,
    quickAccess: () => services.openQuickAccess(),
    canLock: () => services.vaults.lockable,
    lock: () => {
      void services.lock('person').catch(() => undefined);
    },
    quit: () => app.quit(),
    t: services.language.t,
  });
  nativeTheme.on('updated', () => tray.setIcon(icon()));
  const trayNeeds = (name: EventName): boolean => name === 'entries.changed' || name === 'vault.status';
  events.listen(() => tray.refresh(), trayNeeds);
  services.language.onChange(() => tray.refresh());
}
