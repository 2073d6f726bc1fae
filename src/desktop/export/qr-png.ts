import QRCode from 'qrcode';

/** A PNG of one QR code, large enough to scan from a screen or a print. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
}
