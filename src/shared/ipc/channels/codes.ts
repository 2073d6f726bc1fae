import { z } from 'zod';
import { channel, event, feature } from '../channel';
import { entryCodeSchema, entryIdSchema, noInput } from './schemas';

const codesSchema = z.object({
  codes: z.array(entryCodeSchema),
  /** Unix milliseconds in main when the codes were computed. */
  at: z.number(),
});
export type CodesSnapshot = z.infer<typeof codesSchema>;

export const codesFeature = feature({
  channels: {
    now: channel({ input: noInput, output: codesSchema }),
    /** Copies the current code; the clipboard is cleared later only if it still holds that code. */
    copy: channel({
      input: z.object({ id: entryIdSchema, next: z.boolean().optional() }),
      output: z.object({ clearsInSeconds: z.number() }),
    }),
    /** HOTP: advances the counter (saved before the code is shown) and returns the new code, copied if asked. */
    nextHotp: channel({
      input: z.object({ id: entryIdSchema, copy: z.boolean().optional() }),
      output: entryCodeSchema,
    }),
  },
  events: {
    /** Every second, aligned to the second boundary. */
    tick: event(codesSchema),
  },
});
