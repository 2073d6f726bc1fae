import { z } from 'zod';
import { channel, feature } from '../channel';
import { auditRecordSchema } from '../../admin-api/audit-record';
import { capabilityViewSchema } from '../../admin-api/capabilities';
import { done, noInput } from './schemas';

// The help-desk console: an admin's work on an account server's users. The
// password and token never come back to the renderer; they stay in main and
// the OS keychain.

const text = (what: string, max: number) =>
  z.string({ error: `The ${what} must be text.` }).max(max, `The ${what} is longer than ${max} characters.`);

const password = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(1024, 'That password is longer than 1,024 characters.');

const code = z
  .string({ error: 'Enter the code.' })
  .trim()
  .min(1, 'Enter the code.')
  .max(32, 'That code is too long.');

const reason = z
  .string({ error: 'Give a reason.' })
  .trim()
  .min(10, 'Give a reason of at least 10 characters; it goes into the audit log.')
  .max(500, 'Keep the reason under 500 characters.');

const userId = z.number({ error: 'Choose a user.' }).int().positive();
const role = z.enum(['user', 'helpdesk', 'admin']);

export const helpdeskProfileSchema = z.object({
  name: z.string(),
  url: z.string(),
  login: z.string(),
  caFile: z.string().optional(),
  kind: z.string().optional(),
  db: z.string().optional(),
});

export const helpdeskStateSchema = z.object({
  profiles: z.array(helpdeskProfileSchema),
  current: z.string().nullable(),
  /** The signed-in connection, if any. */
  session: z
    .object({
      profile: z.string(),
      url: z.string(),
      login: z.string(),
      expiresAt: z.string(),
      /** The kind of server (its driver), e.g. "twofold" or "odoo". */
      kind: z.string(),
      /** What this server offers; what it does not is shown with its sentence, never tried. */
      capabilities: z.array(capabilityViewSchema),
      /** Whether the signed-in account itself has 2FA; false: the console asks to enroll until it does. */
      twofaEnabled: z.boolean().nullable(),
    })
    .nullable(),
});
export type CapabilityViewItem = z.infer<typeof capabilityViewSchema>;
export type HelpdeskState = z.infer<typeof helpdeskStateSchema>;

export const adminUserSchema = z.object({
  id: z.number(),
  login: z.string(),
  name: z.string(),
  role,
  twofa: z.object({
    enabled: z.boolean(),
    enabledAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    recoveryCodesLeft: z.number().nullable(),
  }),
  locked: z.boolean(),
});
export type AdminUserView = z.infer<typeof adminUserSchema>;

export const usersQuerySchema = z.object({
  q: text('search', 200).optional(),
  twofa: z.enum(['enabled', 'disabled']).optional(),
  locked: z.boolean().optional(),
  role: role.optional(),
  sort: z.enum(['login', 'name', 'role', 'twofa', 'lastUsedAt', 'locked']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
});
export type UsersQueryInput = z.infer<typeof usersQuerySchema>;

export type AuditRecordView = z.infer<typeof auditRecordSchema>;

const isoDate = text('date', 64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'Use a date such as 2026-01-31.')
  .optional();

export const auditQuerySchema = z.object({
  actor: text('actor', 200).optional(),
  target: text('target', 200).optional(),
  action: text('action', 100).optional(),
  from: isoDate,
  to: isoDate,
  limit: z.number().int().min(1).max(1000).optional(),
});

export const adoptionSchema = z.object({
  total: z.number(),
  enabled: z.number(),
  locked: z.number().nullable(),
  byRole: z.array(z.object({ role: z.string(), total: z.number(), enabled: z.number() })),
});
export type AdoptionView = z.infer<typeof adoptionSchema>;

export const trustedDeviceSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  createdAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type TrustedDeviceView = z.infer<typeof trustedDeviceSchema>;

const target = z.object({
  url: text('server address', 2048),
  login: text('login', 256),
  profile: text('profile name', 64).optional(),
});

export const helpdeskFeature = feature({
  channels: {
    state: channel({ input: noInput, output: helpdeskStateSchema }),
    signIn: channel({
      input: z.object({
        profile: text('profile name', 64).optional(),
        url: text('server address', 2048).trim().min(1, 'Enter the server address.'),
        login: text('login', 256).trim().min(1, 'Enter your login.'),
        password,
        code: code.optional(),
        caFile: text('CA file', 4096).optional(),
        /** The kind of server; found out from the server when not given. */
        kind: z.enum(['twofold', 'odoo']).optional(),
        /** The database, for Odoo/Flectra servers with several (or that do not list them). */
        db: text('database', 128).trim().min(1, 'Enter the database name.').optional(),
        rememberPassword: z.boolean().optional(),
      }),
      output: helpdeskStateSchema,
    }),
    signOut: channel({ input: noInput, output: helpdeskStateSchema }),
    /** Whether the vault holds this login's code for this server (for "Fill from Twofold"). */
    vaultMatch: channel({
      input: target,
      output: z.object({ match: z.object({ issuer: z.string(), account: z.string() }).nullable() }),
    }),
    /** The current code of the matching vault entry, on the admin's click. */
    fillCode: channel({ input: target, output: z.object({ code: z.string() }) }),
    users: channel({
      input: usersQuerySchema,
      output: z.object({
        users: z.array(adminUserSchema),
        total: z.number(),
        page: z.number(),
        pageSize: z.number(),
      }),
    }),
    user: channel({ input: z.object({ id: userId }), output: adminUserSchema }),
    checkCode: channel({ input: z.object({ userId, code }), output: z.object({ valid: z.boolean() }) }),
    /** Needs a fresh password check: without `password` it fails with STEP_UP_REQUIRED, then retry with it. */
    disableTwofa: channel({
      input: z.object({ userId, reason, password: password.optional() }),
      output: adminUserSchema,
    }),
    unlock: channel({
      input: z.object({ userId, reason, password: password.optional() }),
      output: adminUserSchema,
    }),
    /** A user's trusted devices ("don't ask again on this device"). */
    devices: channel({ input: z.object({ userId }), output: z.array(trustedDeviceSchema) }),
    /** Revokes all of a user's trusted devices; may need a fresh password check like disableTwofa. */
    revokeDevices: channel({
      input: z.object({ userId, reason, password: password.optional() }),
      output: z.object({ revoked: z.number() }),
    }),
    audit: channel({ input: auditQuerySchema, output: z.array(auditRecordSchema) }),
    /** Whether Twofold's local audit log (kept for servers without one) is a whole hash chain. */
    auditVerify: channel({
      input: noInput,
      output: z.object({
        whole: z.boolean(),
        records: z.number(),
        /** Where the chain breaks, in words; null when whole. */
        problem: z.string().nullable(),
      }),
    }),
    adoption: channel({ input: noInput, output: adoptionSchema }),
    /** The whole filtered user list as CSV text, for the renderer to save. */
    exportCsv: channel({
      input: usersQuerySchema.omit({ page: true, pageSize: true }),
      output: z.object({ csv: z.string(), rows: z.number(), filename: z.string() }),
    }),
    /** Turns on 2FA for the signed-in admin, with the secret going straight into the local vault. */
    enrollSelf: channel({
      input: z.object({ password: password.optional() }),
      output: z.object({
        entry: z.object({ id: z.string(), issuer: z.string(), account: z.string() }),
        recoveryCodes: z.array(z.string()),
      }),
    }),
    forgetProfile: channel({ input: z.object({ name: text('profile name', 64) }), output: done }),
  },
  events: {},
});
