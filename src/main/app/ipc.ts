import type { BrowserWindow } from 'electron';
import { ipcMain } from 'electron';
import { createDispatch } from '../../desktop/ipc/dispatch';
import { desktopHandlers } from '../../desktop/ipc/handlers';
import type { DesktopServices } from '../../desktop/services/desktop-services';
import type { EventHub } from '../../desktop/services/events';
import { ipcEventId } from '../../shared/ipc/contract';
import { registerIpcDoor } from '../ipc/door';
import type { TrustedTarget } from '../ipc/sender';
import { registerEventSubscriptions } from '../ipc/subscriptions';
import type { MainWindowSlot } from './window';

/**
 * Opens the IPC door to the main window and the Quick access window (it lists accounts and asks
 * main to copy a code), and sends the main window the events its page listens to.
 */
export function connectWindows(
  services: DesktopServices,
  events: EventHub,
  main: MainWindowSlot,
  quick: { window: () => BrowserWindow | null; origins: readonly string[] },
): void {
  const dispatch = createDispatch(
    desktopHandlers,
    services,
    (line) => console.error(line),
    () => services.language.t,
  );
  registerIpcDoor(ipcMain, dispatch, () =>
    [
      main.trusted(),
      ((w) => (w ? { webContentsId: w.webContents.id, origins: quick.origins } : null))(quick.window()),
    ].filter((target): target is TrustedTarget => target !== null),
  );
  const subscriptions = registerEventSubscriptions(ipcMain, () => main.trusted());
  // The window gets only the events its page listens to (the preload says which).
  events.listen(
    (name, payload) => main.current()?.webContents.send(ipcEventId(name), payload),
    (name) => main.current() !== null && subscriptions.wants(name),
  );
}
