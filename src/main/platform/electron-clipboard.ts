import { clipboard } from 'electron';
import type { ClipboardPort } from '../services/clipboard';

/** The OS clipboard through Electron. */
export const electronClipboard: ClipboardPort = {
  readText: () => clipboard.readText(),
  writeText: (text) => clipboard.writeText(text),
  readImagePng() {
    const image = clipboard.readImage();
    return image.isEmpty() ? null : new Uint8Array(image.toPNG());
  },
};
