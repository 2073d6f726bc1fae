import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { PNG } from 'pngjs';
import type { Bitmap } from '../desktop/qr/bitmap';
import type { ScreenCapturePort } from '../desktop/services/desktop-services';

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

export class ScreenPathError extends Error {}

/**
 * The PNG files a test names as the screen, each resolved (links followed) and
 * required to lie inside `folder`, the one folder the host was started with: the
 * endpoint must not become a way to read any file the host can.
 */
export async function screenFilesInside(folder: string | undefined, paths: string[]): Promise<string[]> {
  if (folder === undefined) {
    throw new ScreenPathError('This host was started without a screen folder (screenDir).');
  }
  const base = await realpath(folder);
  const resolved: string[] = [];
  for (const path of paths) {
    let real: string;
    try {
      real = await realpath(isAbsolute(path) ? path : join(base, path));
    } catch {
      throw new ScreenPathError('A screen file does not exist in the screen folder.');
    }
    const inside = relative(base, real);
    if (
      inside === '' ||
      inside === '..' ||
      inside.startsWith(`..${sep}`) ||
      isAbsolute(inside) ||
      !real.endsWith('.png')
    ) {
      throw new ScreenPathError('Screen files must be .png files inside the screen folder.');
    }
    resolved.push(real);
  }
  return resolved;
}
