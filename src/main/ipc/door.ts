// The one guarded door of IPC: every channel of the contract, nothing else.
import type { IpcMain } from 'electron';
import { channelNames, ipcChannelId } from '../../shared/ipc/contract';
import { fail, IPC_ERROR_CODES } from '../../shared/ipc/result';
import type { Dispatch } from '../../desktop/ipc/handler-types';
import { isTrustedSender, senderOf, type TrustedTargets } from './sender';

/** Registers every contract channel; returns the function that removes them again. */
export function registerIpcDoor(
  ipcMain: IpcMain,
  dispatch: Dispatch,
  trusted: () => TrustedTargets,
): () => void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannelId(name), async (event, ...args: unknown[]) => {
      if (!isTrustedSender(senderOf(event), trusted())) {
        return fail(IPC_ERROR_CODES.untrustedSender, 'This request did not come from the Twofold window.');
      }
      if (args.length > 1) return fail(IPC_ERROR_CODES.badInput, 'A request takes one argument.');
      return dispatch(name, args[0]);
    });
  }
  return () => {
    for (const name of channelNames) ipcMain.removeHandler(ipcChannelId(name));
  };
}
