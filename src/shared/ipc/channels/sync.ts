import { z } from 'zod';
import { channel, feature } from '../channel';
import { noInput } from './schemas';
import { wordsSchema } from './words';

/** A notice about the sync folder: an edit kept on two computers, a refused or missing file. */
export const syncNoticeSchema = z.object({
  kind: z.enum(['refused', 'conflict', 'waiting', 'removed', 'ignored']),
  /** English; the window says `words` in its language (absent only in notices kept from older versions). */
  message: z.string(),
  words: wordsSchema.optional(),
  file: z.string().optional(),
  /** For refusals: why (a stable code, e.g. `not-sync`), so the window can say it in its language. */
  reason: z.string().optional(),
});

export const syncDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  self: z.boolean(),
  lastChange: z.string().nullable(),
  lastSync: z.string().nullable(),
});

/** What Settings → Sync shows: nothing secret (the sync code comes only through `pairingCode`). */
export const syncViewSchema = z.object({
  configured: z.boolean(),
  folder: z.string().nullable(),
  device: z.string().nullable(),
  lastSync: z.string().nullable(),
  devices: z.array(syncDeviceSchema),
  conflicts: z.array(syncNoticeSchema),
  notices: z.array(syncNoticeSchema),
});
export type SyncView = z.infer<typeof syncViewSchema>;
export type SyncNotice = z.infer<typeof syncNoticeSchema>;
export type SyncDeviceView = z.infer<typeof syncDeviceSchema>;

const deviceName = z.string().trim().min(1).max(64);

export const syncFeature = feature({
  channels: {
    status: channel({ input: noInput, output: syncViewSchema }),
    /** The first computer: asks for the folder (a dialog), makes a new sync key. */
    setup: channel({ input: z.object({ name: deviceName }), output: syncViewSchema }),
    /** Another computer: the code shown on the first, then the folder (a dialog). */
    join: channel({
      input: z.object({ code: z.string().min(1).max(400), name: deviceName }),
      output: syncViewSchema,
    }),
    now: channel({ input: noInput, output: syncViewSchema }),
    /** The sync code (12 words), asked for only after the person confirms, to show as a phrase and a QR code. */
    pairingCode: channel({ input: noInput, output: z.object({ code: z.string() }) }),
    removeDevice: channel({
      input: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
      output: syncViewSchema,
    }),
    /** The "Edited on two computers" notices were seen. */
    dismissConflicts: channel({ input: noInput, output: syncViewSchema }),
  },
  events: {},
});
