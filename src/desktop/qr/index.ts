export { bgraToRgba, checkBitmap, type Bitmap } from './bitmap';
export { decodeBitmap, decodeImageFile, prepareQrDecoder } from './zxing';
export {
  classifyQrTexts,
  type FoundAccount,
  type QrFindings,
  type QrNotice,
  type ScanSource,
} from './classify';
export { checkImageSize, imageSize, ImageRefusedError, MAX_IMAGE_PIXELS, type ImageSize } from './image-size';
