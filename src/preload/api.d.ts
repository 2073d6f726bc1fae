// The renderer's view of the preload: derived from the IPC contract, so it cannot drift.
import type { TwofoldApi } from '../shared/ipc/api';

declare global {
  interface Window {
    readonly twofold: TwofoldApi;
  }
}

export {};
