import { z } from 'zod';
import { channel, feature } from '../channel';
import { noInput } from './schemas';
import { wordsSchema } from './words';

export const UPDATE_STATES = [
  'off',
  'idle',
  'checking',
  'up-to-date',
  'downloading',
  'ready',
  'error',
] as const;

/** Where updating stands, with one sentence for the person saying what was found. */
export const updateStatusSchema = z.object({
  state: z.enum(UPDATE_STATES),
  /** This build was made with an update feed (else updates are off). */
  configured: z.boolean(),
  currentVersion: z.string(),
  /** The newest version the feed offered at the last check. */
  latestVersion: z.string().nullable(),
  /** When the feed was last read (ms since the epoch). */
  checkedAt: z.number().nullable(),
  /** In English; the window says `words` in its language. */
  message: z.string(),
  words: wordsSchema,
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const updatesFeature = feature({
  channels: {
    status: channel({ input: noInput, output: updateStatusSchema }),
    /** Reads the feed now; a newer version starts downloading and is installed on quit. */
    check: channel({ input: noInput, output: updateStatusSchema }),
  },
  events: {},
});
