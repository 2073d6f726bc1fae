// Exposes exactly the IPC contract as `window.twofold`: one method per channel and
// `on` for the contract's events. No generic invoke, no ipcRenderer, no process.env.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createTwofoldApi } from '../shared/ipc/api';
import { ipcChannelId, ipcEventId } from '../shared/ipc/contract';
import type { IpcResult } from '../shared/ipc/result';

const api = createTwofoldApi({
  invoke: (name, input) => ipcRenderer.invoke(ipcChannelId(name), input) as Promise<IpcResult<unknown>>,
  subscribe(name, listener) {
    const channelId = ipcEventId(name);
    // The Electron event object carries the sender; the page only gets the payload.
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channelId, handler);
    return () => {
      ipcRenderer.removeListener(channelId, handler);
    };
  },
});

contextBridge.exposeInMainWorld('twofold', api);
