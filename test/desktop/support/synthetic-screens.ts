// Synthetic desktop screenshots for QR tests and the benchmark: a busy 4K
// desktop (wallpaper, windows, text lines, photo-like noise, icons) with QR codes
// drawn at a chosen size, anti-aliased like a browser scales them on HiDPI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Deterministic random numbers, so every run draws the same desktop. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function blank(width: number, height: number): Rgba {
  return { data: new Uint8Array(width * height * 4), width, height };
}

function fill(
  img: Rgba,
  x0: number,
  y0: number,
  w: number,
  h: number,
  rgb: readonly [number, number, number],
): void {
  const xa = Math.max(0, x0);
  const xb = Math.min(img.width, x0 + w);
  if (xb <= xa) return;
  // One row of the colour, copied into every row: fast enough to draw 4K in JS.
  const row = new Uint8Array((xb - xa) * 4);
  for (let i = 0; i < row.length; i += 4) row.set([rgb[0], rgb[1], rgb[2], 255], i);
  for (let y = Math.max(0, y0); y < Math.min(img.height, y0 + h); y++)
    img.data.set(row, (y * img.width + xa) * 4);
}

/** A 4K (or any size) desktop full of edges and texture that a QR finder must look past. */
const desktops = new Map<string, Rgba>();

export function busyDesktop(width = 3840, height = 2160, seed = 7): Rgba {
  const key = `${width}x${height}/${seed}`;
  const cached = desktops.get(key) ?? drawDesktop(width, height, seed);
  desktops.set(key, cached);
  return { data: cached.data.slice(), width, height };
}

function drawDesktop(width: number, height: number, seed: number): Rgba {
  const rand = mulberry32(seed);
  const img = blank(width, height);
  // Wallpaper: a diagonal gradient with a little grain.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const t = (x / width + y / height) / 2;
      const grain = (rand() - 0.5) * 16;
      img.data[i] = 40 + 120 * t + grain;
      img.data[i + 1] = 70 + 60 * (1 - t) + grain;
      img.data[i + 2] = 120 + 90 * t + grain;
      img.data[i + 3] = 255;
    }
  }
  // Desktop icons down the left edge.
  for (let y = 40; y < height - 100; y += 110) {
    fill(img, 30, y, 64, 64, [Math.floor(rand() * 255), Math.floor(rand() * 255), Math.floor(rand() * 255)]);
  }
  // Windows with title bars, text lines and photo-like noise.
  for (let n = 0; n < 24; n++) {
    const w = 500 + Math.floor(rand() * 1100);
    const h = 300 + Math.floor(rand() * 700);
    const x = 140 + Math.floor(rand() * (width - w - 160));
    const y = 20 + Math.floor(rand() * (height - h - 40));
    fill(img, x, y, w, h, [
      235 + Math.floor(rand() * 20),
      235 + Math.floor(rand() * 20),
      235 + Math.floor(rand() * 20),
    ]);
    fill(img, x, y, w, 36, [60, 60, 70]);
    if (rand() < 0.4) {
      // A photo: blocky colour noise.
      for (let by = y + 50; by < y + h - 20; by += 6) {
        for (let bx = x + 16; bx < x + w - 16; bx += 6) {
          const v = Math.floor(rand() * 255);
          fill(img, bx, by, 6, 6, [v, Math.floor(v * rand()), 255 - v]);
        }
      }
    } else {
      // Text: short dark dashes in lines, like words.
      for (let ty = y + 56; ty < y + h - 20; ty += 22) {
        let tx = x + 20;
        while (tx < x + w - 80) {
          const word = 12 + Math.floor(rand() * 70);
          fill(img, tx, ty, word, 10, [30, 30, 40]);
          tx += word + 8;
        }
      }
    }
  }
  return img;
}

/** The module matrix of a QR code as the `qrcode` package builds it. */
export function qrModules(text: string): { size: number; dark(row: number, col: number): boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
}

/**
 * Draws a QR code with a 4-module quiet zone into `sizePx` square pixels at
 * (x, y), supersampled 4×4 per pixel: a non-integer module size gives grey
 * edges, as a browser's HiDPI scaling does.
 */
export function drawQr(img: Rgba, text: string, x: number, y: number, sizePx: number): void {
  const qr = qrModules(text);
  const span = qr.size + 8;
  const ss = 4;
  for (let py = 0; py < sizePx; py++) {
    for (let px = 0; px < sizePx; px++) {
      let darkCount = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const col = Math.floor(((px + (sx + 0.5) / ss) / sizePx) * span) - 4;
          const row = Math.floor(((py + (sy + 0.5) / ss) / sizePx) * span) - 4;
          if (row >= 0 && col >= 0 && row < qr.size && col < qr.size && qr.dark(row, col)) darkCount++;
        }
      }
      const v = Math.round(255 * (1 - darkCount / (ss * ss)));
      const tx = x + px;
      const ty = y + py;
      if (tx < 0 || ty < 0 || tx >= img.width || ty >= img.height) continue;
      const i = (ty * img.width + tx) * 4;
      img.data[i] = v;
      img.data[i + 1] = v;
      img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
  }
}

/** Dark mode: light modules on a dark page, everything else inverted too. */
export function invert(img: Rgba): Rgba {
  const out = blank(img.width, img.height);
  for (let i = 0; i < img.data.length; i += 4) {
    out.data[i] = 255 - (img.data[i] ?? 0);
    out.data[i + 1] = 255 - (img.data[i + 1] ?? 0);
    out.data[i + 2] = 255 - (img.data[i + 2] ?? 0);
    out.data[i + 3] = 255;
  }
  return out;
}

export function encodePng(img: Rgba): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write(png, { deflateLevel: 1 });
}

export const SAMPLE_LINKS = {
  alice:
    'otpauth://totp/Example.com:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example.com',
  bob: 'otpauth://totp/GitHub:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&algorithm=SHA256&digits=8',
  carol:
    'otpauth://hotp/Fastmail:carol@fastmail.com?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Fastmail&counter=3',
  web: 'https://example.com/help/two-factor',
} as const;

export interface Scenario {
  name: string;
  image: Rgba;
  /** The texts a decoder should find. */
  expected: string[];
}

/** The screenshots of the issue: one 200 px QR on a busy 4K desktop, dark, HiDPI 1.5× and 2×, three codes. */
export function desktopScenarios(): Scenario[] {
  const place = (scale: number): Rgba => {
    const img = busyDesktop();
    // A white "web page" around the code, as an enrolment page shows it.
    fill(img, 2100, 900, 700, 600, [255, 255, 255]);
    drawQr(img, SAMPLE_LINKS.alice, 2200, 980, Math.round(200 * scale));
    return img;
  };
  const single = place(1);
  const three = busyDesktop(3840, 2160, 7);
  fill(three, 500, 300, 2900, 700, [255, 255, 255]);
  drawQr(three, SAMPLE_LINKS.alice, 600, 400, 220);
  drawQr(three, SAMPLE_LINKS.bob, 1500, 380, 260);
  drawQr(three, SAMPLE_LINKS.web, 2600, 420, 200);
  return [
    { name: '4K, one 200 px QR', image: single, expected: [SAMPLE_LINKS.alice] },
    { name: '4K dark mode (inverted)', image: invert(single), expected: [SAMPLE_LINKS.alice] },
    { name: '4K, HiDPI 1.5× (300 px)', image: place(1.5), expected: [SAMPLE_LINKS.alice] },
    { name: '4K, HiDPI 2× (400 px)', image: place(2), expected: [SAMPLE_LINKS.alice] },
    {
      name: '4K, three codes',
      image: three,
      expected: [SAMPLE_LINKS.alice, SAMPLE_LINKS.bob, SAMPLE_LINKS.web],
    },
  ];
}

export function tempDir(prefix = 'twofold-qr-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writePng(dir: string, name: string, img: Rgba): string {
  const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
  writeFileSync(path, encodePng(img));
  return path;
}

/** A PNG from Debian's qrencode, a second, independent encoder. */
export function qrencodePng(dir: string, text: string, moduleSize = 6): string {
  const path = join(dir, `qrencode-${moduleSize}-${text.length}.png`);
  execFileSync('qrencode', ['-s', String(moduleSize), '-m', '4', '-o', path, text]);
  return path;
}

/** What zbarimg finds in a PNG (null when zbarimg is not installed). */
export function zbarimg(path: string): string[] | null {
  try {
    const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n').filter((line) => line !== '');
  } catch (error) {
    // zbarimg exits 4 when it finds nothing.
    if ((error as { status?: number }).status === 4) return [];
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
}
