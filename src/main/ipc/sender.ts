import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from '../../desktop/security/origins';

/** What the door knows about who sent a message (from Electron's `event.senderFrame`). */
export interface SenderInfo {
  readonly webContentsId: number;
  /** null when the frame is gone (navigated away or destroyed) before the message was handled. */
  readonly frameUrl: string | null;
  readonly isTopFrame: boolean;
}

/** Who may call: our main window's top frame, showing our own origin. */
export interface TrustedTarget {
  readonly webContentsId: number;
  readonly origins: readonly string[];
}

/** The main window, and the Quick access window when it exists. */
export type TrustedTargets = TrustedTarget | readonly TrustedTarget[] | null;

export function isTrustedSender(sender: SenderInfo, trusted: TrustedTargets): boolean {
  const targets: readonly TrustedTarget[] =
    trusted === null ? [] : 'origins' in trusted ? [trusted] : trusted;
  return targets.some(
    (target) =>
      sender.webContentsId === target.webContentsId &&
      sender.isTopFrame &&
      sender.frameUrl !== null &&
      isAppUrl(sender.frameUrl, target.origins),
  );
}

/** Who sent an IPC message, read defensively: the frame may be gone by now. */
export function senderOf(event: IpcMainInvokeEvent | IpcMainEvent): SenderInfo {
  try {
    const frame = event.senderFrame;
    return {
      webContentsId: event.sender.id,
      frameUrl: frame ? frame.url : null,
      // A top frame has no parent; a subframe (even one of ours) never speaks for the window.
      isTopFrame: frame !== null && frame.parent === null,
    };
  } catch {
    // The frame was disposed while the message was in flight.
    return { webContentsId: event.sender.id, frameUrl: null, isTopFrame: false };
  }
}
