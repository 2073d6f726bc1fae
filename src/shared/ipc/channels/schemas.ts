import { z } from 'zod';
import { HASH_ALGORITHMS, OTP_TYPES } from '../../otp/types';

/** What the renderer may know about an entry: everything but the secret (and the link's icon URL). */
export const entryMetaSchema = z.object({
  id: z.string(),
  type: z.enum(OTP_TYPES),
  issuer: z.string(),
  account: z.string(),
  algorithm: z.enum(HASH_ALGORITHMS),
  digits: z.number(),
  period: z.number(),
  counter: z.number(),
  group: z.string(),
  note: z.string(),
  icon: z.string().optional(),
  order: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntryMeta = z.infer<typeof entryMetaSchema>;

/** A link or scan result shown before anything is added: who it is for and how, never the secret. */
export const accountPreviewSchema = z.object({
  type: z.enum(OTP_TYPES),
  issuer: z.string(),
  account: z.string(),
  algorithm: z.enum(HASH_ALGORITHMS),
  digits: z.number(),
  period: z.number(),
  /** Things that were wrong but could be read anyway, in words. */
  warnings: z.array(z.string()),
  /** An entry with the same issuer, account and secret already exists. */
  duplicateOf: z.string().nullable(),
});
export type AccountPreview = z.infer<typeof accountPreviewSchema>;

/** An account waiting in main (from an opened link or a scan) until the person says "add". */
export const pendingAccountSchema = z.object({
  pendingId: z.string(),
  source: z.enum(['link', 'screen', 'image', 'clipboard']),
  preview: accountPreviewSchema,
});
export type PendingAccount = z.infer<typeof pendingAccountSchema>;

export const entryCodeSchema = z.object({
  id: z.string(),
  /** Null for HOTP until the person asks for the next code. */
  code: z.string().nullable(),
  nextCode: z.string().nullable(),
  secondsRemaining: z.number(),
  period: z.number(),
});
export type EntryCode = z.infer<typeof entryCodeSchema>;

export const entryIdSchema = z
  .string({ error: 'An entry id is needed.' })
  .min(1, 'An entry id is needed.')
  .max(128, 'That entry id is too long.');

export const noInput = z.undefined();
export const done = z.object({ done: z.literal(true) });
