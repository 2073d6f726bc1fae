/** A PNG of one QR code, large enough to scan from a screen or a print. */
export async function qrPng(text: string): Promise<Buffer> {
  // Loaded on first use: only exports draw QR codes.
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
}
