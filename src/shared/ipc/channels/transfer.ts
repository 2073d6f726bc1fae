import { z } from 'zod';
import { OTP_TYPES } from '../../otp/types';
import { EXPORT_FORMAT_IDS, wordList } from '../../transfer/export-formats';
import { channel, feature } from '../channel';
import { done, noInput } from './schemas';

/** Imports larger than this are refused before any parsing (the importers' limit). */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;
const MAX_IMPORT_FILES = 50;

export const DUPLICATE_CHOICE_VALUES = ['skip', 'keep-both', 'replace'] as const;
const duplicateChoice = z.enum(DUPLICATE_CHOICE_VALUES, { error: 'Choose skip, keep both or replace.' });

const exportFormat = z.enum(EXPORT_FORMAT_IDS, { error: `Choose ${wordList(EXPORT_FORMAT_IDS, 'or')}.` });

const password = z
  .string({ error: 'Enter a password.' })
  .min(1, 'Enter a password.')
  .max(1024, 'That password is longer than 1,024 characters.');

const importFile = z.object({
  name: z.string().max(1024).optional(),
  data: z
    .instanceof(Uint8Array, { error: 'The file did not arrive as bytes.' })
    .refine((bytes) => bytes.byteLength > 0, 'The file is empty.')
    .refine((bytes) => bytes.byteLength <= MAX_IMPORT_FILE_BYTES, 'The file is larger than 10 MB.'),
});

/** One entry found in the files: who it is for and how, never the secret. */
export const importPreviewEntrySchema = z.object({
  index: z.number(),
  issuer: z.string(),
  account: z.string(),
  type: z.enum(OTP_TYPES),
  group: z.string(),
  duplicateOf: z.object({ id: z.string(), issuer: z.string(), account: z.string() }).nullable(),
});
export type ImportPreviewEntry = z.infer<typeof importPreviewEntrySchema>;

const failureSchema = z.object({ label: z.string(), reason: z.string() });

export const importPreviewSchema = z.object({
  /** Held in main until commit or cancel. */
  importId: z.string(),
  formats: z.array(z.string()),
  entries: z.array(importPreviewEntrySchema),
  unreadable: z.array(failureSchema),
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importSummarySchema = z.object({
  imported: z.number(),
  replaced: z.number(),
  skipped: z.array(z.object({ issuer: z.string(), account: z.string(), type: z.enum(OTP_TYPES) })),
  unreadable: z.array(failureSchema),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const exportResultSchema = z.object({
  count: z.number(),
  /** Where the files were written; empty when the person cancelled the save dialog. */
  paths: z.array(z.string()),
  left: z.array(z.object({ issuer: z.string(), account: z.string(), reason: z.string() })),
  /** google-qr: the transfer links, one per QR code, to show one by one (secrets inside). */
  links: z.array(z.string()),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

/** The newest backup opened as a restore would, and compared with the vault entry by entry. */
export const backupCheckSchema = z.object({
  checkedAt: z.string(),
  /** The backup's file name. */
  file: z.string(),
  restorable: z.boolean(),
  /** Accounts read back from it; 0 when it did not open. */
  accounts: z.number().int().min(0),
  /** What was found, in words. */
  message: z.string(),
});
export type BackupCheckResult = z.infer<typeof backupCheckSchema>;

export const backupSettingsSchema = z.object({
  /** A backup after each change to the entries. */
  enabled: z.boolean(),
  folder: z.string(),
  /** How many backups to keep in the folder; older ones are removed. */
  keep: z.number().int().min(1).max(100),
  /** Whether a backup password is set up (the password itself never leaves main). */
  hasPassword: z.boolean(),
  /** Why the last automatic backup failed, in words; null when it worked. */
  problem: z.string().nullable(),
  lastBackupAt: z.string().nullable(),
  /** The last proof that the newest backup restores (or why it does not); null before the first check. */
  lastCheck: backupCheckSchema.nullable(),
  /** An automatic backup that came due while the vault was locked or closed: when, and why it was skipped. */
  skipped: z.object({ at: z.string(), reason: z.string() }).nullable(),
  /** Asking the backup password back at growing intervals; null until a backup password is set. */
  reminder: z.object({ enabled: z.boolean(), due: z.boolean(), nextAt: z.string().nullable() }).nullable(),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

/** One format Twofold imports: its name, and where to find the export in that app. */
export const importFormatSchema = z.object({ id: z.string(), label: z.string(), help: z.string() });
export type ImportFormatInfo = z.infer<typeof importFormatSchema>;

export const transferFeature = feature({
  channels: {
    /** The formats main's importers read, in their order (the Transfer view lists them). */
    importFormats: channel({ input: noInput, output: z.array(importFormatSchema) }),
    /** Reads export files (or a pasted link) in main and previews them; nothing is written. */
    importOpen: channel({
      input: z.object({
        files: z
          .array(importFile)
          .max(MAX_IMPORT_FILES, `At most ${MAX_IMPORT_FILES} files at once.`)
          .default([]),
        /** Pasted text: an otpauth-migration:// or otpauth:// link, or a list of them. */
        text: z.string().max(MAX_IMPORT_FILE_BYTES, 'The pasted text is larger than 10 MB.').optional(),
        /** A Google Authenticator export a scan found (the id of scan.*'s migration notice). */
        scanId: z.string().min(1).max(64).optional(),
        password: password.optional(),
      }),
      output: importPreviewSchema,
    }),
    /** The one vault write: the entries chosen (all when `selected` is absent), duplicates as chosen. */
    importCommit: channel({
      input: z.object({
        importId: z.string().min(1).max(64),
        onDuplicate: duplicateChoice,
        choices: z
          .array(z.object({ index: z.number().int().min(0), choice: duplicateChoice }))
          .max(100_000)
          .default([]),
        /** The rows the person ticked, by preview index; every row when absent. */
        selected: z
          .array(z.number().int().min(0), { error: 'Send the chosen rows as a list of numbers.' })
          .max(100_000)
          .refine((rows) => new Set(rows).size === rows.length, 'A row is chosen twice.')
          .optional(),
      }),
      output: importSummarySchema,
    }),
    importCancel: channel({ input: z.object({ importId: z.string().min(1).max(64) }), output: done }),
    /** Stops the importOpen under way (a long key derivation): it answers CANCELLED. */
    importStop: channel({ input: noInput, output: done }),
    /** Writes an export after the window's confirmation; `confirmed` names what the person agreed to. */
    export: channel({
      input: z.object({
        format: exportFormat,
        password: password.optional(),
        /** The person confirmed that the secrets leave the vault (and, unencrypted, a second time). */
        confirmed: z.literal(true, { error: 'Confirm the export first.' }),
        unencryptedConfirmed: z.boolean().optional(),
      }),
      output: exportResultSchema,
    }),
    backupSettings: channel({ input: noInput, output: backupSettingsSchema }),
    updateBackupSettings: channel({
      input: z.object({
        enabled: z.boolean().optional(),
        keep: z
          .number()
          .int()
          .min(1, 'Keep at least 1 backup.')
          .max(100, 'Keep at most 100 backups.')
          .optional(),
        /** Asks main for a folder (a dialog in the app). */
        chooseFolder: z.boolean().optional(),
        password: password.min(8, 'Use at least 8 characters.').optional(),
        /** Ask the backup password back now and then. */
        reminders: z.boolean().optional(),
      }),
      output: backupSettingsSchema,
    }),
    /** Opens the newest backup as a restore would and compares it with the vault. */
    verifyBackup: channel({ input: noInput, output: backupSettingsSchema }),
    /** The backup password asked back: whether it is right (then the newest backup is checked with it). */
    answerBackupReminder: channel({
      input: z.object({ password }),
      output: z.object({ right: z.boolean(), settings: backupSettingsSchema }),
    }),
    /** A backup now, into the chosen folder. */
    backupNow: channel({ input: noInput, output: z.object({ path: z.string() }) }),
  },
  events: {},
});
