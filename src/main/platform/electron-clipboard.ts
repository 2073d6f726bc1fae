import { clipboard } from 'electron';
import type { ClipboardPort } from '../../desktop/services/clipboard';

/** The OS clipboard through Electron (asynchronous and W3C-shaped since Electron 44). */
export const electronClipboard: ClipboardPort = {
  readText: () => clipboard.readText(),
  writeText: (text) => clipboard.writeText(text),
  async readImagePng() {
    for (const item of await clipboard.read()) {
      if (!item.types.includes('image/png')) continue;
      const blob = await item.getType('image/png');
      return new Uint8Array(await blob.arrayBuffer());
    }
    return null;
  },
};
