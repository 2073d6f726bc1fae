/** An RGBA image in memory (4 bytes a pixel, rows top to bottom): a screen capture or a decoded file. */
export interface Bitmap {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** Checks the size before the decoder reads memory it was not given. */
export function checkBitmap(bitmap: Bitmap): void {
  const { width, height, data } = bitmap;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`A bitmap needs a positive whole width and height, not ${width}×${height}.`);
  }
  if (data.byteLength !== width * height * 4) {
    throw new RangeError(
      `A ${width}×${height} RGBA bitmap has ${width * height * 4} bytes, not ${data.byteLength}.`,
    );
  }
}

/** Electron's NativeImage.toBitmap() is BGRA on little-endian machines; the decoder wants RGBA. */
export function bgraToRgba(bgra: Uint8Array): Uint8Array {
  const rgba = new Uint8Array(bgra.length);
  for (let i = 0; i < bgra.length; i += 4) {
    rgba[i] = bgra[i + 2] ?? 0;
    rgba[i + 1] = bgra[i + 1] ?? 0;
    rgba[i + 2] = bgra[i] ?? 0;
    rgba[i + 3] = bgra[i + 3] ?? 0;
  }
  return rgba;
}
