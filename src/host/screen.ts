import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { Bitmap } from '../main/qr/bitmap';
import type { ScreenCapturePort } from '../main/services/desktop-services';

/** "The screen" of the test host: PNG files standing in for each display. */
export class PngScreen implements ScreenCapturePort {
  paths: string[] = [];

  async capture(): Promise<Bitmap[]> {
    const screens: Bitmap[] = [];
    for (const path of this.paths) {
      const png = PNG.sync.read(await readFile(path));
      screens.push({ data: png.data, width: png.width, height: png.height });
    }
    return screens;
  }
}
