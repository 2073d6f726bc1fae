// Renders Twofold's icons from the SVG sources in resources/icons (`npm run icons`):
// the Linux PNG set, Windows' .ico and macOS' .icns under build/, and the tray icons
// (a dark glyph for light panels, a light one for dark panels, a macOS template image)
// under resources/tray/. The output is committed; `--check` says whether it is current.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** .icns element types and the pixel size each holds (Apple's icon family table). */
export const ICNS_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];
/** Tray glyph colours: dark on light panels, light on dark ones, black for macOS to tint. */
export const TRAY_VARIANTS = {
  'tray-light-panel': '#1f1f1f',
  'tray-dark-panel': '#f2f2f2',
  trayTemplate: '#000000',
};

export function renderPng(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

/** A Windows icon whose images are PNG-encoded (Vista and later read them). */
export function icoFrom(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** A macOS icon family: 'icns', total length, then (type, length, PNG) elements. */
export function icnsFrom(elements: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** Every generated icon file, by path relative to the project root. */
export function renderIcons(): Map<string, Buffer> {
  const appSvg = readFileSync(join(root, 'resources/icons/twofold.svg'), 'utf8');
  const traySvg = readFileSync(join(root, 'resources/icons/tray.svg'), 'utf8');
  const sized = new Map<number, Buffer>();
  const png = (size: number): Buffer => {
    let image = sized.get(size);
    if (!image) sized.set(size, (image = renderPng(appSvg, size)));
    return image;
  };
  const files = new Map<string, Buffer>();
  for (const size of LINUX_SIZES) files.set(`build/icons/png/${size}x${size}.png`, png(size));
  files.set('build/icon.ico', icoFrom(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  files.set('build/icon.icns', icnsFrom(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))));
  for (const [name, colour] of Object.entries(TRAY_VARIANTS)) {
    const svg = traySvg.replaceAll('currentColor', colour);
    files.set(`resources/tray/${name}.png`, renderPng(svg, 16));
    files.set(`resources/tray/${name}@2x.png`, renderPng(svg, 32));
  }
  return files;
}

function main(): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [path, bytes] of renderIcons()) {
    const target = join(root, path);
    if (check) {
      if (!existsSync(target) || !readFileSync(target).equals(bytes)) stale.push(path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    console.log(`wrote ${relative(root, target)} (${bytes.length} bytes)`);
  }
  if (stale.length > 0) {
    console.error(`icons out of date (run npm run icons): ${stale.join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
