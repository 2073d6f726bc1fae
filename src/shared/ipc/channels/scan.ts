import { z } from 'zod';
import { channel, feature } from '../channel';
import { noInput, pendingAccountSchema } from './schemas';

/** 20 MB is far above any screenshot PNG; larger files are refused before decoding. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export const scanResultSchema = z.object({
  /** Authenticator accounts found, waiting in main until `entries.addPending`. */
  accounts: z.array(pendingAccountSchema),
  /** What else was found or why nothing was, in words (e.g. a Google Authenticator export). */
  notices: z.array(
    z.object({
      kind: z.enum(['migration', 'other', 'none']),
      message: z.string(),
      /** A Google Authenticator export held in main: `transfer.importOpen({ scanId })` previews it. */
      scanId: z.string().optional(),
    }),
  ),
});
export type ScanResult = z.infer<typeof scanResultSchema>;

export const scanFeature = feature({
  channels: {
    /** Captures every display at native resolution and looks for QR codes. */
    screen: channel({ input: noInput, output: scanResultSchema }),
    /** A PNG or JPEG file's bytes (opened, dropped or pasted). */
    image: channel({
      input: z.object({
        data: z
          .instanceof(Uint8Array, { error: 'The image did not arrive as bytes.' })
          .refine((bytes) => bytes.byteLength > 0, 'The image file is empty.')
          .refine((bytes) => bytes.byteLength <= MAX_IMAGE_BYTES, 'The image is larger than 20 MB.'),
        name: z.string().max(1024).optional(),
      }),
      output: scanResultSchema,
    }),
    /** An image on the clipboard. */
    clipboard: channel({ input: noInput, output: scanResultSchema }),
  },
  events: {},
});
