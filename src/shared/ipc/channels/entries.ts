import { z } from 'zod';
import { HASH_ALGORITHMS, OTP_TYPES } from '../../otp/types';
import { channel, event, feature } from '../channel';
import { done, entryIdSchema, entryMetaSchema, noInput, pendingAccountSchema } from './schemas';

const text = (what: string, max: number) =>
  z.string({ error: `The ${what} must be text.` }).max(max, `The ${what} is longer than ${max} characters.`);

const uriSchema = z
  .string({ error: 'Paste an otpauth:// link.' })
  .trim()
  .min(1, 'Paste an otpauth:// link.')
  .max(8192, 'That link is longer than 8,192 characters; it is not an authenticator link.');

const pendingIdsSchema = z
  .array(z.string().min(1).max(128), { error: 'Choose which accounts to add.' })
  .min(1, 'Choose at least one account.')
  .max(100, 'Add at most 100 accounts at once.');

const addedSchema = z.object({ entry: entryMetaSchema, warnings: z.array(z.string()) });

export const entriesFeature = feature({
  channels: {
    list: channel({ input: noInput, output: z.array(entryMetaSchema) }),
    search: channel({ input: z.object({ query: text('search', 256) }), output: z.array(entryMetaSchema) }),
    /** Manual entry: the secret may have spaces and lower case; main normalizes and explains errors. */
    add: channel({
      input: z.object({
        type: z.enum(OTP_TYPES).default('totp'),
        issuer: text('issuer', 512).default(''),
        account: text('account name', 512).default(''),
        secret: z.string({ error: 'Enter the secret.' }).min(1, 'Enter the secret.').max(4096),
        algorithm: z.enum(HASH_ALGORITHMS).optional(),
        digits: z.number().int().optional(),
        period: z.number().int().optional(),
        counter: z.number().int().min(0).optional(),
        group: text('group', 128).optional(),
        note: text('note', 2048).optional(),
        allowDuplicate: z.boolean().optional(),
      }),
      output: addedSchema,
    }),
    addFromUri: channel({
      input: z.object({
        uri: uriSchema,
        group: text('group', 128).optional(),
        allowDuplicate: z.boolean().optional(),
      }),
      output: addedSchema,
    }),
    /** Reads a pasted link without adding it, for the "add this account?" step. */
    previewUri: channel({ input: z.object({ uri: uriSchema }), output: pendingAccountSchema.shape.preview }),
    /** Accounts waiting in main (links opened from the OS, scan results): their secrets never cross. */
    pending: channel({ input: noInput, output: z.array(pendingAccountSchema) }),
    addPending: channel({
      input: z.object({ pendingIds: pendingIdsSchema, allowDuplicate: z.boolean().optional() }),
      output: z.object({
        added: z.array(entryMetaSchema),
        failed: z.array(z.object({ pendingId: z.string(), message: z.string() })),
      }),
    }),
    discardPending: channel({ input: z.object({ pendingIds: pendingIdsSchema }), output: done }),
    update: channel({
      input: z.object({
        id: entryIdSchema,
        issuer: text('issuer', 512).optional(),
        account: text('account name', 512).optional(),
        group: text('group', 128).optional(),
        note: text('note', 2048).optional(),
        icon: text('icon', 256 * 1024).optional(),
      }),
      output: entryMetaSchema,
    }),
    /** Removes at once; main keeps the entry so `undoRemove` can bring it back this session. */
    remove: channel({
      input: z.object({ id: entryIdSchema }),
      output: z.object({ removed: entryMetaSchema, undoId: z.string() }),
    }),
    undoRemove: channel({ input: z.object({ undoId: z.string().min(1).max(128) }), output: entryMetaSchema }),
    reorder: channel({
      input: z.object({ ids: z.array(entryIdSchema).max(100_000) }),
      output: done,
    }),
    /** The one place a secret reaches the renderer: an explicit "reveal/export" action. */
    reveal: channel({
      input: z.object({ id: entryIdSchema }),
      output: z.object({ uri: z.string(), secret: z.string() }),
    }),
  },
  events: {
    changed: event(
      z.object({ reason: z.enum(['added', 'updated', 'removed', 'restored', 'reordered', 'reloaded']) }),
    ),
    /** An otpauth:// link was opened with Twofold (or a scan found accounts): ask, never auto-add. */
    offered: event(z.object({ pending: z.array(pendingAccountSchema), messages: z.array(z.string()) })),
  },
});
