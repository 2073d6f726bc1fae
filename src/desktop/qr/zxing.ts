import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { checkBitmap, type Bitmap } from './bitmap';
import { checkImageSize, PHOTO_PIXELS } from './image-size';

// zxing-wasm fetches its .wasm from a CDN unless told otherwise: hand it the
// package's own file so decoding works offline, in Node and in Electron main.
let prepared: Promise<unknown> | undefined;

function wasmPath(): string {
  return createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
}

export function prepareQrDecoder(): Promise<unknown> {
  prepared ??= prepareZXingModule({
    overrides: { wasmBinary: readFileSync(wasmPath()).buffer as ArrayBuffer },
    fireImmediately: true,
  });
  return prepared;
}

/**
 * Screens are the hard case: small codes on busy 4K backgrounds, dark mode
 * (light modules on dark), HiDPI scaling, several codes at once.
 */
const readerOptions: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryInvert: true,
  // QR finder patterns are found at any angle; the rotate pass only helps 1D
  // barcodes and costs a third of the time on 4K.
  tryRotate: false,
  tryDownscale: true,
  maxNumberOfSymbols: 16,
};

/**
 * Photos (above 16 megapixels: a camera, not a screen) skip the slow "try harder" scan at full size:
 * their code is large, and zxing's downscaled passes find it. A busy 67-megapixel image took 23 s
 * with it and 4 s without, here.
 */
const photoOptions: ReaderOptions = { ...readerOptions, tryHarder: false };

async function texts(input: Bitmap | Uint8Array, options = readerOptions): Promise<string[]> {
  await prepareQrDecoder();
  const results = await readBarcodes(input as Parameters<typeof readBarcodes>[0], options);
  const seen = new Set<string>();
  for (const result of results) if (result.isValid && result.text !== '') seen.add(result.text);
  return [...seen];
}

/** The texts of every QR code in an RGBA bitmap, each once. */
export function decodeBitmap(bitmap: Bitmap): Promise<string[]> {
  checkBitmap(bitmap);
  return texts(bitmap);
}

/**
 * The texts of every QR code in a PNG or JPEG file's bytes, each once. The size is read from the
 * header first: larger than an 8K screen is refused (ImageRefusedError) before anything is decoded.
 */
export async function decodeImageFile(bytes: Uint8Array): Promise<string[]> {
  const { width, height } = checkImageSize(bytes);
  return texts(bytes, width * height > PHOTO_PIXELS ? photoOptions : readerOptions);
}
