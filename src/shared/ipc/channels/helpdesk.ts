import { z } from 'zod';
import { channel, feature } from '../channel';
import { auditRecordSchema } from '../../admin-api/audit-record';
import { capabilityViewSchema } from '../../admin-api/capabilities';
import { done, noInput } from './schemas';
import * as v1 from '../../admin-api/v1';
import {
  GUARDED_ACTIONS,
  PROOF_KINDS,
  roleSchema,
  serverKindSchema,
  TEMPORARY_CODE_MAX_USES,
  TEMPORARY_CODE_MINUTES,
  TWOFA_FILTERS,
  USER_SORT_KEYS,
} from '../../admin-api/vocabulary';

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
const role = roleSchema;

export const helpdeskProfileSchema = z.object({
  name: z.string(),
  url: z.string(),
  login: z.string(),
  caFile: z.string().optional(),
  kind: z.string().optional(),
  db: z.string().optional(),
  serverVersion: z.string().optional(),
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
      /** The server's rules as its driver states them; the console keys on these, never on the kind. */
      rules: z.object({
        /** The server refuses help-desk actions on the signed-in account itself. */
        refusesOwnAccount: z.boolean(),
      }),
      /** Whether the signed-in account itself has 2FA; false: the console asks to enroll until it does. */
      twofaEnabled: z.boolean().nullable(),
      /** This computer's clock is more than 15 s from the server's: the sentence to show, else null. */
      clockWarning: z.string().nullable(),
      /** The server's version, for kinds that state it (e.g. Odoo's "19.0"). */
      serverVersion: z.string().nullable(),
    })
    .nullable(),
});
export type CapabilityViewItem = z.infer<typeof capabilityViewSchema>;
export type HelpdeskState = z.infer<typeof helpdeskStateSchema>;

export const adminUserSchema = v1.ClientUser;
export type AdminUserView = z.infer<typeof adminUserSchema>;

export const usersQuerySchema = z.object({
  q: text('search', 200).optional(),
  twofa: z.enum(TWOFA_FILTERS).optional(),
  locked: z.boolean().optional(),
  role: role.optional(),
  sort: z.enum(USER_SORT_KEYS).optional(),
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
  /** When and from where it was last used, where the server records it. */
  lastSeenAt: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
});
export type TrustedDeviceView = z.infer<typeof trustedDeviceSchema>;

// --- The gentler tools: temporary codes, reset, one device, history, policy, caller checks ---

export { TEMPORARY_CODE_MAX_USES, TEMPORARY_CODE_MINUTES };

/**
 * The proof of the caller's identity a reset, disable or temporary code rests on (issue 25): a
 * matched caller check, a four-eyes approval, or an identity document seen in person.
 */
export const proofSchema = z.union([
  z.strictObject({ callerCheckId: z.number().int().positive() }),
  z.strictObject({ approvalId: z.number().int().positive() }),
  z.strictObject({
    inPersonNote: z
      .string()
      .trim()
      .min(5, 'Say which identity document you saw (at least 5 characters).')
      .max(300, 'The note is too long.'),
  }),
]);
export type ProofInput = z.infer<typeof proofSchema>;
const proof = proofSchema.optional();

export const pendingActionSchema = v1.PendingAction;
export type PendingActionView = z.infer<typeof pendingActionSchema>;
export const approvalSchema = v1.Approval;
export type ApprovalView = z.infer<typeof approvalSchema>;
/** A user after a reset or disable, with what waits out a cooldown. */
const actedUserSchema = adminUserSchema.extend({ pending: v1.PendingAction.optional() });

export const temporaryCodeSchema = v1.TemporaryCodeInfo;
export type TemporaryCodeView = z.infer<typeof temporaryCodeSchema>;

/** The admin API's sign-in record; other servers may name other channels. */
export const signInSchema = v1.SignIn.extend({ channel: z.string() });
export type SignInView = z.infer<typeof signInSchema>;

export const policySchema = v1.PolicyResponse;
export type PolicyView = z.infer<typeof policySchema>;

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
        kind: serverKindSchema.optional(),
        /** The database, for Odoo/Flectra servers with several (or that do not list them). */
        db: text('database', 128).trim().min(1, 'Enter the database name.').optional(),
        rememberPassword: z.boolean().optional(),
      }),
      output: helpdeskStateSchema,
    }),
    signOut: channel({ input: noInput, output: helpdeskStateSchema }),
    /** Whether the vault holds this login's code for this server ("Fill from Twofold", "Show in Codes"). */
    vaultMatch: channel({
      input: target,
      output: z.object({
        match: z.object({ id: z.string(), issuer: z.string(), account: z.string() }).nullable(),
      }),
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
    checkCode: channel({ input: z.object({ userId, code }), output: v1.CheckResponse }),
    /** Needs a fresh password check: without `password` it fails with STEP_UP_REQUIRED, then retry with it. */
    disableTwofa: channel({
      input: z.object({ userId, reason, password: password.optional(), proof }),
      output: actedUserSchema,
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
      output: v1.RevokeAllResponse,
    }),
    /** A user's temporary access codes, without the codes (capability temporaryAccess). */
    temporaryCodes: channel({ input: z.object({ userId }), output: z.array(temporaryCodeSchema) }),
    /** Issues one; the code comes back once. May need a fresh password check like disableTwofa. */
    issueTemporaryCode: channel({
      input: z.object({
        userId,
        reason,
        lifetimeMinutes: z
          .number({ error: 'Choose how long the code lasts.' })
          .int()
          .min(TEMPORARY_CODE_MINUTES.min, 'A temporary code lasts at least 10 minutes.')
          .max(TEMPORARY_CODE_MINUTES.max, 'A temporary code lasts at most 8 hours.'),
        uses: z
          .number({ error: 'Choose how many sign-ins the code allows.' })
          .int()
          .min(1, 'A temporary code works at least once.')
          .max(TEMPORARY_CODE_MAX_USES, `A temporary code works at most ${TEMPORARY_CODE_MAX_USES} times.`),
        password: password.optional(),
        proof,
      }),
      output: v1.TemporaryCodeIssued,
    }),
    /** Copies the code just issued (kept in main only until its dialog closes); cleared like a copied 2FA code. */
    copyTemporaryCode: channel({
      input: z.object({ codeId: z.number().int().positive() }),
      output: z.object({ clearsInSeconds: z.number() }),
    }),
    forgetTemporaryCode: channel({ input: noInput, output: done }),
    revokeTemporaryCode: channel({
      input: z.object({ userId, codeId: z.number().int().positive(), reason }),
      output: z.array(temporaryCodeSchema),
    }),
    /** Wipes 2FA and makes the next sign-in enroll first; `proof` of the caller's identity, audited with it. */
    resetTwofa: channel({
      input: z.object({ userId, reason, password: password.optional(), proof }),
      output: actedUserSchema,
    }),
    /** Four-eyes: asks another staff member to approve a reset, disable or temporary code. */
    requestApproval: channel({
      input: z.object({ userId, action: z.enum(GUARDED_ACTIONS), reason }),
      output: approvalSchema,
    }),
    approvals: channel({ input: noInput, output: z.array(approvalSchema) }),
    /** Approves another member's request; may need the password like disableTwofa. */
    approve: channel({
      input: z.object({ approvalId: z.number().int().positive(), password: password.optional() }),
      output: approvalSchema,
    }),
    /** Resets, disables and temporary codes waiting out their cooldown (of one user, when given). */
    pendingActions: channel({
      input: z.object({ userId: userId.optional() }),
      output: z.array(pendingActionSchema),
    }),
    cancelPending: channel({
      input: z.object({ actionId: z.number().int().positive(), reason }),
      output: z.array(pendingActionSchema),
    }),
    /** Revokes one trusted device; returns those left. */
    revokeDevice: channel({
      input: z.object({
        userId,
        deviceId: text('device id', 64).min(1),
        reason,
        password: password.optional(),
      }),
      output: z.array(trustedDeviceSchema),
    }),
    /** The last sign-ins, newest first. */
    signIns: channel({
      input: z.object({ userId, limit: z.number().int().min(1).max(200) }),
      output: z.array(signInSchema),
    }),
    policy: channel({ input: noInput, output: policySchema }),
    /** Administrators only (the server refuses others); audited with the reason. May need the password like disableTwofa. */
    setPolicy: channel({
      input: z.object({
        role,
        required: z.boolean(),
        graceDays: z
          .number({ error: 'The grace period is a number of days.' })
          .int('The grace period is a whole number of days.')
          .min(0, 'The grace period cannot be negative.')
          .max(365, 'The grace period is at most 365 days.')
          .optional(),
        graceUntil: isoDate,
        reason: reason.optional(),
        password: password.optional(),
      }),
      output: policySchema,
    }),
    /** The proofs enough for a reset per role and its cooldown (administrators only); may need the password like disableTwofa. */
    setResetPolicy: channel({
      input: z.object({
        role,
        proofs: z.array(z.enum(PROOF_KINDS)).min(1, 'Tick at least one proof that is enough.'),
        cooldownMinutes: z
          .number({ error: 'The cooldown is a number of minutes.' })
          .int('The cooldown is a whole number of minutes.')
          .min(0, 'The cooldown cannot be negative.')
          .max(7 * 24 * 60, 'The cooldown is at most a week.'),
        reason: reason.optional(),
        password: password.optional(),
      }),
      output: policySchema,
    }),
    /** Emails the user a one-time code to read back (verifying who is calling). */
    startCallerCheck: channel({
      input: z.object({ userId }),
      output: v1.CallerCheckStarted,
    }),
    verifyCallerCheck: channel({
      input: z.object({ userId, checkId: z.number().int().positive(), code }),
      output: v1.CallerCheckResponse,
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
        /** Where the local log is forwarded (the managed setting) and how many records wait for each. */
        forwarding: z
          .array(
            z.object({
              destination: z.string(),
              backlog: z.number().int().nonnegative(),
              lastError: z.string().nullable(),
            }),
          )
          .optional(),
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
    /** New recovery codes for the signed-in account; may need the password like disableTwofa. */
    newRecoveryCodes: channel({
      input: z.object({ password: password.optional() }),
      output: v1.RecoveryCodesResponse,
    }),
    /** Recovery codes shown and not yet confirmed saved (they come back until they are); null when none. */
    recoveryCodesOnScreen: channel({
      input: noInput,
      output: z.object({ codes: z.array(z.string()).nullable() }),
    }),
    /** Copies the recovery codes on screen (kept by main), cleared later like a code. */
    copyRecoveryCodes: channel({ input: noInput, output: z.object({ clearsInSeconds: z.number() }) }),
    /** Saves them as an owner-only text file where the admin chooses; null path when cancelled. */
    saveRecoveryCodes: channel({ input: noInput, output: z.object({ path: z.string().nullable() }) }),
    /** "I have saved them": main forgets the codes. */
    forgetRecoveryCodes: channel({ input: noInput, output: done }),
    forgetProfile: channel({ input: z.object({ name: text('profile name', 64) }), output: done }),
  },
  events: {},
});
