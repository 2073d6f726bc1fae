import { desktopCapturer, screen } from 'electron';
import { bgraToRgba, type Bitmap } from '../../desktop/qr/bitmap';
import type { ScreenCapturePort } from '../../desktop/services/desktop-services';

/** Every display at its native (physical pixel) resolution, so small QR codes keep their modules. */
export const electronScreenCapture: ScreenCapturePort = {
  async capture(): Promise<Bitmap[]> {
    const displays = screen.getAllDisplays();
    const width = Math.max(...displays.map((d) => Math.round(d.size.width * d.scaleFactor)));
    const height = Math.max(...displays.map((d) => Math.round(d.size.height * d.scaleFactor)));
    const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width, height } });
    return sources
      .filter((source) => !source.thumbnail.isEmpty())
      .map((source) => {
        const size = source.thumbnail.getSize();
        return { data: bgraToRgba(source.thumbnail.toBitmap()), width: size.width, height: size.height };
      });
  },
};
