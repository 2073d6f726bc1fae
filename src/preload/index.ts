// Exposes exactly the IPC contract as `window.twofold`: one method per channel and
// `on` for the contract's events. No generic invoke, no ipcRenderer, no process.env.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createTwofoldApi } from '../shared/ipc/api';
import { ipcChannelId, ipcEventId } from '../shared/ipc/contract';
import type { IpcResult } from '../shared/ipc/result';
import { createSubscriptionCounter, IPC_SUBSCRIPTIONS_ID } from '../shared/ipc/subscriptions';

// Main sends only the events the page listens to; a (re)loaded page listens to none yet.
const subscriptions = createSubscriptionCounter((events) => ipcRenderer.send(IPC_SUBSCRIPTIONS_ID, events));
ipcRenderer.send(IPC_SUBSCRIPTIONS_ID, []);

const api = createTwofoldApi({
  invoke: (name, input) => ipcRenderer.invoke(ipcChannelId(name), input) as Promise<IpcResult<unknown>>,
  subscribe(name, listener) {
    const channelId = ipcEventId(name);
    // The Electron event object carries the sender; the page only gets the payload.
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channelId, handler);
    const release = subscriptions.add(name);
    return () => {
      ipcRenderer.removeListener(channelId, handler);
      release();
    };
  },
});

contextBridge.exposeInMainWorld('twofold', api);
