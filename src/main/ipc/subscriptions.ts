import type { IpcMain, IpcMainEvent } from 'electron';
import type { EventName } from '../../shared/ipc/contract';
import { IPC_SUBSCRIPTIONS_ID, subscriptionsSchema } from '../../shared/ipc/subscriptions';
import { isTrustedSender, senderOf, type TrustedTarget } from './sender';

/**
 * Keeps the set of events the window listens to (see shared/ipc/subscriptions.ts).
 * Only the trusted window's top frame may set it; anything malformed is ignored.
 */
export function registerEventSubscriptions(
  ipcMain: IpcMain,
  trusted: () => TrustedTarget | null,
): { wants(name: EventName): boolean; dispose(): void } {
  let wanted = new Set<EventName>();
  const listener = (event: IpcMainEvent, ...args: unknown[]): void => {
    if (!isTrustedSender(senderOf(event), trusted()) || args.length !== 1) return;
    const parsed = subscriptionsSchema.safeParse(args[0]);
    if (parsed.success) wanted = parsed.data;
  };
  ipcMain.on(IPC_SUBSCRIPTIONS_ID, listener);
  return {
    wants: (name) => wanted.has(name),
    dispose: () => {
      ipcMain.removeListener(IPC_SUBSCRIPTIONS_ID, listener);
    },
  };
}
