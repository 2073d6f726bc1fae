import { PersonFacingError, words, type PersonFacingMessage } from '../../shared/person-facing-error';

/**
 * The size of an image, read from its header before anything is decoded: an 854 KiB PNG can
 * declare 30000×30000 pixels and cost gigabytes once decoded.
 */
export interface ImageSize {
  readonly format: 'PNG' | 'JPEG' | 'GIF' | 'BMP' | 'WebP';
  readonly width: number;
  readonly height: number;
}

/** The most pixels Twofold decodes: an 8K screen (8192×8192, 67 megapixels). */
export const MAX_IMAGE_PIXELS = 8192 * 8192;

/** Images above this many pixels are photos, not screens: scanned in zxing's faster mode (see zxing.ts). */
export const PHOTO_PIXELS = 16 * 1024 * 1024;

/** An image Twofold will not decode, with a message meant for the person. */
export class ImageRefusedError extends PersonFacingError {
  override name = 'ImageRefusedError';
  declare readonly code: 'IMAGE_REFUSED';
  constructor(message: string | PersonFacingMessage) {
    super('IMAGE_REFUSED', message);
  }
}

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const i32le = (b: Uint8Array, at: number) => u16le(b, at) | (u16le(b, at + 2) << 16);
const ascii = (b: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...b.subarray(at, at + length));

function jpegSize(b: Uint8Array): ImageSize | null {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    // Fill bytes, and the markers that stand alone (no length).
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2;
      continue;
    }
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC): the frame header with the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { format: 'JPEG', height: u16be(b, at + 5), width: u16be(b, at + 7) };
    at += 2 + u16be(b, at + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): ImageSize | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30)
    return { format: 'WebP', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = u16le(b, 21) | (u16le(b, 23) << 16);
    return { format: 'WebP', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30)
    return { format: 'WebP', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}

/** The format and size an image's header declares; null when it is none of PNG, JPEG, GIF, BMP, WebP or is cut short. */
export function imageSize(b: Uint8Array): ImageSize | null {
  if (b.length >= 24 && u32be(b, 0) === 0x89504e47 && ascii(b, 12, 4) === 'IHDR')
    return { format: 'PNG', width: u32be(b, 16), height: u32be(b, 20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b);
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'))
    return { format: 'GIF', width: u16le(b, 6), height: u16le(b, 8) };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM')
    return { format: 'BMP', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webpSize(b);
  return null;
}

/** The image's size, or an ImageRefusedError when it cannot be read or is larger than any screen. */
export function checkImageSize(bytes: Uint8Array): ImageSize {
  const size = imageSize(bytes);
  if (size === null) throw new ImageRefusedError(words('vault.image.unreadable'));
  const pixels = size.width * size.height;
  const measured = { format: size.format, width: String(size.width), height: String(size.height) };
  if (pixels === 0) throw new ImageRefusedError(words('vault.image.noPixels', measured));
  if (pixels > MAX_IMAGE_PIXELS) {
    throw new ImageRefusedError(
      words('vault.image.tooLarge', { ...measured, megapixels: String(Math.round(pixels / 1e6)) }),
    );
  }
  return size;
}
