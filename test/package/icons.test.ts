import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES, LINUX_SIZES, renderIcons } from '../../scripts/package/icons';

const root = resolve(import.meta.dirname, '../..');
const rendered = renderIcons();

function pngSize(bytes: Buffer): number {
  const png = PNG.sync.read(bytes);
  expect(png.width).toBe(png.height);
  return png.width;
}

describe('the icons', () => {
  it('are the ones the SVG sources render to (npm run icons was run after the last change)', () => {
    const stale = [...rendered].filter(([path, bytes]) => !readFileSync(resolve(root, path)).equals(bytes));
    expect(stale.map(([path]) => path)).toEqual([]);
  });

  it('give Linux a PNG in every size', () => {
    for (const size of LINUX_SIZES) {
      expect(pngSize(readFileSync(resolve(root, `build/icons/png/${size}x${size}.png`)))).toBe(size);
    }
  });

  it('give Windows an .ico whose directory points at a PNG of each size', () => {
    const ico = readFileSync(resolve(root, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(ICO_SIZES.length);
    ICO_SIZES.forEach((size, i) => {
      const at = 6 + 16 * i;
      expect(ico.readUInt8(at) || 256).toBe(size);
      const image = ico.subarray(
        ico.readUInt32LE(at + 12),
        ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8),
      );
      expect(pngSize(image)).toBe(size);
    });
  });

  it('give macOS an .icns with every element type, each the size Apple defines', () => {
    const icns = readFileSync(resolve(root, 'build/icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const image = icns.subarray(at + 8, at + icns.readUInt32BE(at + 4));
      found.set(icns.toString('ascii', at, at + 4), pngSize(image));
    }
    expect(found).toEqual(new Map(ICNS_TYPES));
  });

  it('give the tray a dark glyph, a light glyph and a macOS template, each at 1x and 2x', () => {
    for (const name of ['tray-light-panel', 'tray-dark-panel', 'trayTemplate']) {
      expect(pngSize(readFileSync(resolve(root, `resources/tray/${name}.png`)))).toBe(16);
      expect(pngSize(readFileSync(resolve(root, `resources/tray/${name}@2x.png`)))).toBe(32);
    }
    // The template is black with alpha (macOS tints it); the light-panel glyph is dark.
    const template = PNG.sync.read(readFileSync(resolve(root, 'resources/tray/trayTemplate@2x.png')));
    const light = PNG.sync.read(readFileSync(resolve(root, 'resources/tray/tray-dark-panel@2x.png')));
    const opaque = (png: PNG): number[] =>
      [...Array(png.width * png.height).keys()]
        .filter((i) => (png.data[i * 4 + 3] ?? 0) > 200)
        .map((i) => png.data[i * 4] ?? 0);
    expect(opaque(template).length).toBeGreaterThan(50);
    expect(Math.max(...opaque(template))).toBeLessThan(20);
    expect(Math.min(...opaque(light))).toBeGreaterThan(200);
  });
});
