import { z } from 'zod';
import { channel, event, feature } from '../channel';
import { noInput } from './schemas';

export const vaultStatusSchema = z.object({
  /**
   * `locked`: the keychain could not give the key and a password slot exists.
   * `needs-password`: there is no vault yet and no keychain to keep a new one's
   * key, so a password must protect it (`create`).
   */
  state: z.enum(['ready', 'locked', 'unavailable', 'needs-password']),
  /** Why it is not ready, in words; null when ready. */
  message: z.string().nullable(),
  hasPassword: z.boolean(),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

const passwordSchema = z
  .string({ error: 'Enter a password.' })
  .min(1, 'Enter a password.')
  .max(1024, 'That password is longer than 1,024 characters.');

export const vaultFeature = feature({
  channels: {
    status: channel({ input: noInput, output: vaultStatusSchema }),
    unlock: channel({ input: z.object({ password: passwordSchema }), output: vaultStatusSchema }),
    /** Lock now: the key and decrypted entries leave memory until the password is entered again. */
    lock: channel({ input: noInput, output: vaultStatusSchema }),
    setPassword: channel({
      input: z.object({
        password: passwordSchema.min(8, 'Use at least 8 characters.'),
        /** Also replace the vault key and re-encrypt everything under the new one. */
        rotateKey: z.boolean().optional(),
      }),
      output: vaultStatusSchema,
    }),
    removePassword: channel({
      input: z.object({ rotateKey: z.boolean().optional() }).optional(),
      output: vaultStatusSchema,
    }),
    /** First run without a keychain: a new vault whose key only this password opens. */
    create: channel({
      input: z.object({ password: passwordSchema.min(8, 'Use at least 8 characters.') }),
      output: vaultStatusSchema,
    }),
  },
  events: {
    status: event(vaultStatusSchema),
  },
});
