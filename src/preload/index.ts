import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('twofold', Object.freeze({}));
