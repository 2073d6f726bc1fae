import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

import jpeg from 'jpeg-js';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import type { Dispatch } from '../../src/desktop/ipc/handler-types';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import {
  bgraToRgba,
  checkBitmap,
  classifyQrTexts,
  decodeBitmap,
  decodeImageFile,
  ImageRefusedError,
  imageSize,
  prepareQrDecoder,
} from '../../src/desktop/qr';
import { skipReason } from '../support/skip';
import {
  blank,
  busyDesktop,
  desktopScenarios,
  drawQr,
  qrencodePng,
  SAMPLE_LINKS,
  tempDir,
  writePng,
  type Scenario,
} from './support/synthetic-screens';
import { testServices, type TestServices } from './support/services';
import { migrationLink } from '../import/builders';

const MIGRATION =
  'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZXhhbXBsZS5jb20aB0V4YW1wbGUgASgBMAIQARgBIAA%3D';

function hasQrencode(): string | null {
  try {
    execFileSync('qrencode', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'qrencode is not installed (apt-get install qrencode)';
  }
}

const dir = tempDir();

/** A smaller busy desktop with the three codes, where a test is about the plumbing rather than 4K. */
function fullHdThree(): ReturnType<typeof busyDesktop> {
  const img = busyDesktop(1920, 1080, 3);
  drawQr(img, SAMPLE_LINKS.alice, 200, 200, 220);
  drawQr(img, SAMPLE_LINKS.bob, 800, 200, 240);
  drawQr(img, SAMPLE_LINKS.web, 1400, 200, 200);
  return img;
}
let scenarios: Scenario[];

beforeAll(async () => {
  await prepareQrDecoder();
  scenarios = desktopScenarios();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decoding image files', () => {
  it.skipIf(skipReason('qrencode PNG', hasQrencode()))('reads a PNG made by Debian qrencode', async () => {
    const path = qrencodePng(dir, SAMPLE_LINKS.alice, 4);
    expect(await decodeImageFile(readFileSync(path))).toEqual([SAMPLE_LINKS.alice]);
  });

  it('reads a PNG made by the qrcode package, and a dark one', async () => {
    const png = await QRCode.toBuffer(SAMPLE_LINKS.bob, { type: 'png', scale: 3, margin: 4 });
    expect(await decodeImageFile(png)).toEqual([SAMPLE_LINKS.bob]);
    const dark = await QRCode.toBuffer(SAMPLE_LINKS.bob, {
      type: 'png',
      scale: 3,
      color: { dark: '#eeeeeeff', light: '#111111ff' },
    });
    expect(await decodeImageFile(dark)).toEqual([SAMPLE_LINKS.bob]);
  });

  it('reads a JPEG (lossy, as screenshots are often shared)', async () => {
    const img = blank(300, 300);
    drawQr(img, SAMPLE_LINKS.carol, 10, 10, 280);
    const encoded = jpeg.encode({ data: Buffer.from(img.data), width: 300, height: 300 }, 70);
    expect(await decodeImageFile(new Uint8Array(encoded.data))).toEqual([SAMPLE_LINKS.carol]);
  });

  it('reads a code photographed at an angle (no rotate pass needed for QR)', async () => {
    const flat = blank(300, 300);
    drawQr(flat, SAMPLE_LINKS.bob, 20, 20, 260);
    const angle = (33 * Math.PI) / 180;
    const turned = blank(420, 420);
    turned.data.fill(255);
    for (let y = 0; y < 420; y++) {
      for (let x = 0; x < 420; x++) {
        // Sample the flat code at the point this pixel came from (nearest neighbour).
        const dx = x - 210;
        const dy = y - 210;
        const sx = Math.round(dx * Math.cos(angle) + dy * Math.sin(angle) + 150);
        const sy = Math.round(-dx * Math.sin(angle) + dy * Math.cos(angle) + 150);
        if (sx < 0 || sy < 0 || sx >= 300 || sy >= 300) continue;
        turned.data.set(flat.data.subarray((sy * 300 + sx) * 4, (sy * 300 + sx) * 4 + 4), (y * 420 + x) * 4);
      }
    }
    const png = readFileSync(writePng(dir, 'turned', turned));
    expect(await decodeImageFile(png)).toEqual([SAMPLE_LINKS.bob]);
  });

  it('finds nothing in a blank image and says so', async () => {
    const texts = await decodeBitmap(blank(320, 240));
    expect(texts).toEqual([]);
    expect(classifyQrTexts(texts).notices).toEqual([
      { kind: 'none', message: expect.stringMatching(/No QR code was found/) },
    ]);
  });
});

/** Just the bytes a format's header puts before and around its size: enough for imageSize. */
const headers = {
  gif: (w: number, h: number) => {
    const b = Buffer.alloc(13);
    b.write('GIF89a', 0, 'latin1');
    b.writeUInt16LE(w, 6);
    b.writeUInt16LE(h, 8);
    return b;
  },
  bmp: (w: number, h: number) => {
    const b = Buffer.alloc(54);
    b.write('BM', 0, 'latin1');
    b.writeInt32LE(w, 18);
    b.writeInt32LE(-h, 22); // top-down rows: a negative height
    return b;
  },
  webpVp8x: (w: number, h: number) => {
    const b = Buffer.alloc(30);
    b.write('RIFF', 0, 'latin1');
    b.write('WEBPVP8X', 8, 'latin1');
    b.writeUIntLE(w - 1, 24, 3);
    b.writeUIntLE(h - 1, 27, 3);
    return b;
  },
  webpVp8l: (w: number, h: number) => {
    const b = Buffer.alloc(25);
    b.write('RIFF', 0, 'latin1');
    b.write('WEBPVP8L', 8, 'latin1');
    b[20] = 0x2f;
    b.writeUInt32LE(((w - 1) | ((h - 1) << 14)) >>> 0, 21);
    return b;
  },
  webpVp8: (w: number, h: number) => {
    const b = Buffer.alloc(30);
    b.write('RIFF', 0, 'latin1');
    b.write('WEBPVP8 ', 8, 'latin1');
    b.writeUInt16LE(w, 26);
    b.writeUInt16LE(h, 28);
    return b;
  },
};

describe('image sizes, read from the header before decoding', () => {
  it('reads PNG, JPEG, GIF, BMP and WebP (lossy, lossless, extended) sizes', async () => {
    const png = await QRCode.toBuffer(SAMPLE_LINKS.bob, { type: 'png', scale: 3, margin: 4 });
    expect(imageSize(png)).toMatchObject({ format: 'PNG', width: png.readUInt32BE(16) });
    const img = blank(123, 45);
    const jpg = jpeg.encode({ data: Buffer.from(img.data), width: 123, height: 45 }, 70).data;
    expect(imageSize(jpg)).toEqual({ format: 'JPEG', width: 123, height: 45 });
    expect(imageSize(headers.gif(640, 480))).toEqual({ format: 'GIF', width: 640, height: 480 });
    expect(imageSize(headers.bmp(800, 600))).toEqual({ format: 'BMP', width: 800, height: 600 });
    expect(imageSize(headers.webpVp8x(9000, 7000))).toEqual({ format: 'WebP', width: 9000, height: 7000 });
    expect(imageSize(headers.webpVp8l(16384, 2))).toEqual({ format: 'WebP', width: 16384, height: 2 });
    expect(imageSize(headers.webpVp8(1920, 1080))).toEqual({ format: 'WebP', width: 1920, height: 1080 });
    expect(imageSize(new TextEncoder().encode('not an image'))).toBeNull();
    expect(imageSize(png.subarray(0, 20))).toBeNull();
  });

  it('refuses more pixels than an 8K screen before decoding, and says how big the image is', async () => {
    const refused = (bytes: Uint8Array) =>
      decodeImageFile(bytes).then(
        () => 'decoded',
        (e: unknown) => e,
      );
    const gif = await refused(headers.gif(10_000, 10_000));
    expect(gif).toBeInstanceOf(ImageRefusedError);
    expect((gif as Error).message).toBe(
      'The GIF image is 10000×10000 pixels (100 megapixels); Twofold reads images up to 8192×8192 (67 megapixels). Crop it to the QR code, or take a screenshot of it.',
    );
    expect(await refused(headers.bmp(65_536, 65_536))).toBeInstanceOf(ImageRefusedError);
    expect(await refused(headers.webpVp8x(16_384, 16_384))).toBeInstanceOf(ImageRefusedError);
    // A JPEG whose frame header claims 65535×65535: the size is in SOF0, after the other segments.
    const jpg = Buffer.from(
      jpeg.encode({ data: Buffer.from(blank(8, 8).data), width: 8, height: 8 }, 70).data,
    );
    const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
    jpg.writeUInt16BE(65_535, sof + 5);
    jpg.writeUInt16BE(65_535, sof + 7);
    expect(await refused(jpg)).toMatchObject({
      message: expect.stringMatching(/^The JPEG image is 65535×65535 pixels/),
    });
    expect(await refused(new TextEncoder().encode('GIF8'))).toMatchObject({
      message: 'The image cannot be read: it is damaged, or not a PNG, JPEG, GIF, BMP or WebP file.',
    });
  });
});

describe('synthetic desktop screenshots', () => {
  it.each([0, 1, 2, 3, 4])('decodes scenario %i as a bitmap (what screen capture gives)', async (index) => {
    const scenario = scenarios[index]!;
    const texts = await decodeBitmap(scenario.image);
    expect(texts.sort(), scenario.name).toEqual([...scenario.expected].sort());
  });

  it('decodes a full-HD screenshot with three codes from its PNG file too', async () => {
    const path = writePng(dir, 'full-hd-three', fullHdThree());
    expect((await decodeImageFile(readFileSync(path))).sort()).toEqual(
      [SAMPLE_LINKS.alice, SAMPLE_LINKS.bob, SAMPLE_LINKS.web].sort(),
    );
  });
});

describe('classifyQrTexts', () => {
  it('sorts accounts, exports and other codes', () => {
    const { accounts, notices, migrations } = classifyQrTexts([
      SAMPLE_LINKS.alice,
      MIGRATION,
      SAMPLE_LINKS.web,
      'hello',
    ]);
    expect(accounts.map((a) => a.account.issuer)).toEqual(['Example.com']);
    expect(migrations).toEqual([MIGRATION]);
    expect(notices).toEqual([
      { kind: 'other', message: '2 QR codes are not authenticator codes; they were ignored.' },
    ]);
  });

  it('explains a QR code with a broken otpauth link', () => {
    const { accounts, notices } = classifyQrTexts(['otpauth://totp/x?secret=1111']);
    expect(accounts).toEqual([]);
    expect(notices[0]).toEqual({
      kind: 'other',
      message: expect.stringMatching(/broken authenticator link/),
    });
  });
});

describe('bitmaps', () => {
  it('swaps BGRA to RGBA', () => {
    expect([...bgraToRgba(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))]).toEqual([3, 2, 1, 4, 7, 6, 5, 8]);
  });

  it('refuses a bitmap whose size does not match its bytes', () => {
    expect(() => checkBitmap({ data: new Uint8Array(10), width: 2, height: 2 })).toThrow(/16 bytes, not 10/);
    expect(() => checkBitmap({ data: new Uint8Array(0), width: 0, height: 0 })).toThrow(/positive whole/);
  });
});

describe('scan channels over real services', () => {
  let t: TestServices;
  let dispatch: Dispatch;
  beforeAll(async () => {
    t = await testServices();
    dispatch = createDispatch(desktopHandlers, t.services);
  });
  afterAll(() => t.cleanup());

  it('scans "the screen" and offers the accounts it found, ignoring the web link', async () => {
    t.screen.paths = [writePng(dir, 'screen-three', fullHdThree())];
    const result = await dispatch('scan.screen', undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as {
      accounts: { pendingId: string; preview: { issuer: string } }[];
      notices: { kind: string }[];
    };
    expect(value.accounts.map((a) => a.preview.issuer).sort()).toEqual(['Example.com', 'GitHub']);
    expect(value.notices.map((n) => n.kind)).toEqual(['other']);
    expect(JSON.stringify(value)).not.toMatch(/secret|JBSWY3DP/i);
    const added = await dispatch('entries.addPending', {
      pendingIds: value.accounts.map((a) => a.pendingId),
    });
    expect(added).toMatchObject({ ok: true, value: { failed: [] } });
  });

  it('says when the screen has no code', async () => {
    t.screen.paths = [writePng(dir, 'screen-empty', blank(640, 480))];
    const result = await dispatch('scan.screen', undefined);
    expect(result).toMatchObject({ ok: true, value: { accounts: [], notices: [{ kind: 'none' }] } });
  });

  it('reads an image file sent as bytes', async () => {
    const png = await QRCode.toBuffer(MIGRATION, { type: 'png', scale: 4 });
    const result = await dispatch('scan.image', { data: new Uint8Array(png), name: 'export.png' });
    expect(result).toMatchObject({ ok: true, value: { accounts: [], notices: [{ kind: 'migration' }] } });
  });

  it('keeps a scanned Google Authenticator export in main; the window imports it by an opaque id', async () => {
    const exported = migrationLink([
      {
        secret: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        name: 'alice@example.com',
        issuer: 'Example',
      },
    ]);
    const png = await QRCode.toBuffer(exported, { type: 'png', scale: 4 });
    const scanned = await dispatch('scan.image', { data: new Uint8Array(png), name: 'export.png' });
    if (!scanned.ok) throw new Error('the scan failed');
    const scanId = (scanned.value as { notices: { scanId?: string }[] }).notices[0]?.scanId;
    expect(scanId).toMatch(/^[0-9a-f-]{36}$/);
    // Neither the link nor its data reaches the window.
    expect(JSON.stringify(scanned.value)).not.toContain('otpauth-migration');
    expect(JSON.stringify(scanned.value)).not.toContain(exported.split('data=')[1]!.slice(0, 12));
    const preview = await dispatch('transfer.importOpen', { scanId });
    expect(preview).toMatchObject({
      ok: true,
      value: {
        formats: ['google-authenticator'],
        entries: [{ issuer: 'Example', account: 'alice@example.com' }],
      },
    });
    const expired = await dispatch('transfer.importOpen', { scanId: 'not-a-scan' });
    expect(expired).toMatchObject({ ok: false, error: { code: 'SCAN_EXPIRED' } });
  });

  it('refuses an image larger than an 8K screen, saying so', async () => {
    const png = await QRCode.toBuffer(SAMPLE_LINKS.bob, { type: 'png', scale: 3, margin: 4 });
    // The IHDR's width and height: the decoder would have been handed 400 megapixels.
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    const result = await dispatch('scan.image', { data: new Uint8Array(png) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_REFUSED', message: expect.stringMatching(/^The PNG image is 20000×/) },
    });
  });

  it('refuses a file that is not PNG or JPEG', async () => {
    const result = await dispatch('scan.image', { data: new TextEncoder().encode('GIF89a...') });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_IMAGE', message: expect.stringMatching(/PNG and JPEG/) },
    });
  });

  it('reads the clipboard image, or says there is none', async () => {
    expect(await dispatch('scan.clipboard', undefined)).toMatchObject({
      ok: false,
      error: { code: 'NO_IMAGE' },
    });
    const img = blank(260, 260);
    drawQr(img, SAMPLE_LINKS.alice, 0, 0, 260);
    t.clipboard.imagePng = readFileSync(writePng(dir, 'clip', img));
    expect(await dispatch('scan.clipboard', undefined)).toMatchObject({
      ok: true,
      value: { accounts: [{ source: 'clipboard', preview: { issuer: 'Example.com' } }] },
    });
  });
});
