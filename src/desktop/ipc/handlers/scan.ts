import type { ScanResult } from '../../../shared/ipc/channels/scan';
import { classifyQrTexts, type ScanSource } from '../../qr/classify';
import { decodeBitmap, decodeImageFile } from '../../qr/zxing';
import type { DesktopServices } from '../../services/desktop-services';
import { PersonFacingError, words } from '../../../shared/person-facing-error';
import type { FeatureHandlers } from '../handler-types';
import { offerAll } from '../../services/present';

function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function result(s: DesktopServices, source: ScanSource, texts: readonly string[]): ScanResult {
  const { accounts, notices, migrations } = classifyQrTexts(texts, source, s.language.t);
  if (migrations.length === 0) return { accounts: offerAll(s, source, accounts), notices };
  // The export's links (secrets inside) stay in main; the window opens the import with the id.
  const exported = {
    kind: 'migration' as const,
    message: s.language.t('vault.scan.migration', { count: migrations.length }),
    scanId: s.scannedExports.hold(migrations),
  };
  return { accounts: offerAll(s, source, accounts), notices: [exported, ...notices] };
}

async function decodeFile(bytes: Uint8Array): Promise<string[]> {
  if (!isPng(bytes) && !isJpeg(bytes)) {
    throw new PersonFacingError('UNSUPPORTED_IMAGE', words('vault.image.unsupported'));
  }
  // An image too large to decode is refused with its own code (ImageRefusedError, IMAGE_REFUSED).
  return decodeImageFile(bytes);
}

export const scanHandlers = {
  async screen(s) {
    const screens = await s.screen.capture();
    if (screens.length === 0) {
      throw new PersonFacingError('NO_SCREEN', words('vault.scan.noScreen'));
    }
    const texts = new Set<string>();
    for (const bitmap of screens) for (const text of await decodeBitmap(bitmap)) texts.add(text);
    return result(s, 'screen', [...texts]);
  },

  async image(s, { data }) {
    return result(s, 'image', await decodeFile(data));
  },

  async clipboard(s) {
    const png = await s.clipboard.readImagePng();
    if (png === null) throw new PersonFacingError('NO_IMAGE', words('vault.scan.noClipboardImage'));
    return result(s, 'clipboard', await decodeFile(png));
  },
} satisfies FeatureHandlers<'scan', DesktopServices>;
