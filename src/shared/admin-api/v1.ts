import { z } from 'zod';
import { auditListSchema } from './audit-record';
import {
  CALLER_CHECK_RESULTS,
  GUARDED_ACTIONS,
  PENDING_ACTION_STATES,
  PROOF_KINDS,
  ROLES,
  SIGN_IN_FACTORS,
  TEMPORARY_CODE_MAX_USES,
  TEMPORARY_CODE_MINUTES,
  TEMPORARY_CODE_STATES,
  TWOFA_FILTERS,
  USER_SORT_KEYS,
} from './vocabulary';

// Contract of the admin API (/api/admin/v1), request and response: the server validates with these and
// generates its OpenAPI document from them (src/server/api/openapi.ts); the names are what the console
// and the CLI rely on. Types derived from them sit at the end.

const login = z.string().trim().min(1, 'Give a login.').max(200, 'The login is too long.');
const password = z.string().min(1, 'Give a password.').max(1024, 'The password is too long.');
const code = z.string().trim().min(1, 'Give a code.').max(32, 'The code is too long.');

export const SessionRequest = z.strictObject({ login, password, code: code.optional() });
export const SessionResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** False while the signed-in account has no 2FA: clients say so at every sign-in, with how to enroll. */
  twofaEnabled: z.boolean(),
});

export const StepUpRequest = z.strictObject({ password });
export const StepUpResponse = z.object({ stepUpUntil: z.string() });

export const UserId = z.strictObject({
  id: z.coerce.number().int().positive('The user id must be a positive number.'),
});

export const UsersQuery = z.strictObject({
  q: z.string().max(200).optional(),
  twofa: z.enum(TWOFA_FILTERS).optional(),
  locked: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  role: z.enum(ROLES).optional(),
  sort: z.enum(USER_SORT_KEYS).default('login'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const User = z.object({
  id: z.number(),
  login: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  twofa: z.object({
    enabled: z.boolean(),
    enabledAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    recoveryCodesLeft: z.number(),
  }),
  locked: z.boolean(),
});
export const UsersResponse = z.object({ users: z.array(User), total: z.number() });
/** How far the user's phone runs from the server's clock, measured from the codes it sent. */
export const ClockDrift = z.object({
  /** The phone's clock minus the server's, in seconds: negative when its codes come late. */
  offsetSeconds: z.number(),
  /** How many of the user's latest codes (accepted, or wrong only by the clock) the figure rests on. */
  codes: z.number(),
  /** When the latest of them arrived. */
  lastAt: z.string(),
});
/** One user (GET /users/{id}): the list's fields and, where measured, the phone's clock drift. */
export const UserDetail = User.extend({
  twofa: User.shape.twofa.extend({ clockDrift: ClockDrift.nullable().optional() }),
});
/** A user as every driver hands it on: a server that does not count recovery codes says null. */
export const ClientUser = User.extend({
  twofa: User.shape.twofa.extend({
    recoveryCodesLeft: z.number().nullable(),
    /** Only servers that measure it, and only for one user (not in lists). */
    clockDrift: ClockDrift.nullable().optional(),
  }),
});

export const CheckRequest = z.strictObject({ code });
export const CheckResponse = z.object({
  valid: z.boolean(),
  /**
   * A right code is also a caller check passed (a code from the user's current authenticator):
   * its id is a proof for a reset, disable or temporary code in the next 15 minutes.
   */
  callerCheckId: z.number().optional(),
  /**
   * Only for a wrong code that would be right within ±10 minutes (never accepted): the phone's
   * clock minus the server's, in seconds (negative when the phone runs late).
   */
  phoneClockOffsetSeconds: z.number().optional(),
});

/**
 * The proof of the caller's identity that a reset, disable or temporary code needs (one of them):
 * a caller check that matched in the last 15 minutes (POST /users/{id}/caller-checks, or a right
 * code at POST /users/{id}/2fa/check), an approval by a second staff member (POST /approvals), or
 * a note on the identity document seen in person. Which are enough is the reset policy of the
 * target's role; the proof goes into the audit record.
 */
export const ProofFields = {
  callerCheckId: z.number().int().positive().optional(),
  approvalId: z.number().int().positive().optional(),
  inPersonNote: z
    .string()
    .trim()
    .min(5, 'Say which identity document was seen (at least 5 characters).')
    .max(300)
    .optional(),
};

export const DisableRequest = z.strictObject({
  reason: z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(500),
  ...ProofFields,
});
export const UnlockRequest = z.strictObject({
  reason: z.string().trim().min(1, 'Give a reason.').max(500),
});

const isoDate = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Use a date such as 2026-01-31 or 2026-01-31T12:00:00Z.')
  .transform((v) => Date.parse(v));

export const AuditQuery = z.strictObject({
  actor: z.string().max(200).optional(),
  target: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const AuditResponse = auditListSchema;

const Adoption = z.object({ total: z.number(), enabled: z.number(), percentage: z.number() });
export const ReportResponse = Adoption.extend({
  byRole: z.array(Adoption.extend({ role: z.enum(ROLES) })),
});

export const SetupResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const EnableRequest = z.strictObject({ code });
export const EnableResponse = z.object({ enabled: z.literal(true), recoveryCodes: z.array(z.string()) });
export const RecoveryCodesResponse = z.object({
  recoveryCodes: z.array(z.string()),
  /** ISO 8601: when these codes were made (for the header of the saved file). */
  generatedAt: z.string(),
});

export const ErrorResponse = z.object({ error: z.string(), message: z.string() });

// --- The help desk's gentler tools --------------------------------------------------------------

const reason = z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(500);

export const ReasonRequest = z.strictObject({ reason });

export const TemporaryCodeRequest = z.strictObject({
  reason,
  lifetimeMinutes: z.coerce
    .number()
    .int()
    .min(TEMPORARY_CODE_MINUTES.min, 'A temporary code lasts at least 10 minutes.')
    .max(TEMPORARY_CODE_MINUTES.max, 'A temporary code lasts at most 8 hours.')
    .default(60),
  uses: z.coerce
    .number()
    .int()
    .min(1, 'A temporary code works at least once.')
    .max(TEMPORARY_CODE_MAX_USES, `A temporary code works at most ${TEMPORARY_CODE_MAX_USES} times.`)
    .default(1),
  ...ProofFields,
});
/** An action waiting out its cooldown: the user was mailed a link that stops it. */
export const PendingAction = z.object({
  id: z.number(),
  userId: z.number(),
  login: z.string(),
  action: z.enum(GUARDED_ACTIONS),
  actor: z.string(),
  reason: z.string(),
  proof: z.string(),
  createdAt: z.string(),
  /** When it takes effect. */
  dueAt: z.string(),
  state: z.enum(PENDING_ACTION_STATES),
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
});
export const PendingActionsResponse = z.object({ actions: z.array(PendingAction) });
export const PendingActionId = z.strictObject({ actionId: z.coerce.number().int().positive() });
/** Answered (202) instead of the result when the action waits out its cooldown. */
export const PendingAnswer = z.object({ pending: PendingAction });
export const TemporaryCodeIssued = z.object({
  id: z.number(),
  code: z.string(),
  expiresAt: z.string(),
  uses: z.number(),
  /** Set when the code waits out a cooldown: it works from then on, unless the user stops it. */
  activeFrom: z.string().optional(),
  pending: PendingAction.optional(),
});
export const TemporaryCodeInfo = z.object({
  id: z.number(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usesAllowed: z.number(),
  uses: z.number(),
  createdBy: z.string(),
  reason: z.string(),
  state: z.enum(TEMPORARY_CODE_STATES),
});
export const TemporaryCodesResponse = z.object({ codes: z.array(TemporaryCodeInfo) });
export const TemporaryCodeId = z.strictObject({
  id: z.coerce.number().int().positive(),
  codeId: z.coerce.number().int().positive('The code id must be a positive number.'),
});

export const ResetRequest = z.strictObject({ reason, ...ProofFields });

// --- Four-eyes approvals and the reset policy (issue 25) -------------------------------------------

export const ApprovalRequest = z.strictObject({
  /** The user whose account the action is for. */
  userId: z.number().int().positive(),
  action: z.enum(GUARDED_ACTIONS),
  reason,
});
export const Approval = z.object({
  id: z.number(),
  userId: z.number(),
  login: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  action: z.enum(GUARDED_ACTIONS),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** Until when it can be approved (not yet approved) or used (approved). */
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  state: z.enum(['waiting', 'approved', 'used', 'expired']),
});
export const ApprovalsResponse = z.object({ approvals: z.array(Approval) });
export const ApprovalId = z.strictObject({ approvalId: z.coerce.number().int().positive() });

/** Per role of the target: which proofs are enough, and how long a reset or temporary code waits. */
export const ResetPolicy = z.object({
  role: z.enum(ROLES),
  proofs: z.array(z.enum(PROOF_KINDS)),
  cooldownMinutes: z.number(),
  updatedBy: z.string().nullable(),
});
export const ResetPolicyRequest = z.strictObject({
  proofs: z.array(z.enum(PROOF_KINDS)).min(1, 'Name at least one proof that is enough.'),
  cooldownMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  reason: reason.optional(),
});

export const TrustedDevice = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  address: z.string().nullable(),
  expiresAt: z.string(),
});
export const DevicesResponse = z.object({ devices: z.array(TrustedDevice) });
export const DeviceId = z.strictObject({
  id: z.coerce.number().int().positive(),
  deviceId: z.string().regex(/^[0-9a-f]{12}$/, 'A device id is 12 hexadecimal characters.'),
});
export const RevokeAllResponse = z.object({ revoked: z.number() });

export const SignInsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const SignIn = z.object({
  at: z.string(),
  address: z.string().nullable(),
  result: z.enum(['ok', 'refused']),
  factor: z.enum(SIGN_IN_FACTORS),
  channel: z.enum(['web', 'api']),
});
export const SignInsResponse = z.object({ signIns: z.array(SignIn) });

export const RolePolicy = z.object({
  role: z.enum(ROLES),
  required: z.boolean(),
  graceUntil: z.string().nullable(),
  graceDays: z.number().nullable(),
  since: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export const PolicyResponse = z.object({
  policies: z.array(RolePolicy),
  /** Proofs and cooldown per role (servers that keep no such policy leave it out). */
  resetPolicies: z.array(ResetPolicy).optional(),
  outOfCompliance: z.object({
    users: z.array(
      z.object({
        id: z.number(),
        login: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        deadline: z.string(),
        blocked: z.boolean(),
      }),
    ),
    total: z.number(),
  }),
});
export const PolicyRole = z.strictObject({ role: z.enum(ROLES) });
export const PolicyRequest = z
  .strictObject({
    required: z.boolean(),
    graceDays: z.number().int().min(0).max(365).optional(),
    graceUntil: z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'Use a date such as 2026-01-31.')
      .optional(),
    reason: reason.optional(),
  })
  .refine((p) => p.graceDays === undefined || p.graceUntil === undefined, {
    message: 'Give either graceDays or graceUntil, not both.',
  });

export const CallerCheckStarted = z.object({ id: z.number(), sentTo: z.string(), expiresAt: z.string() });
export const CallerCheckId = z.strictObject({
  id: z.coerce.number().int().positive(),
  checkId: z.coerce.number().int().positive('The check id must be a positive number.'),
});
export const CallerCheckRequest = z.strictObject({ code: z.string().trim().min(1).max(32) });
export const CallerCheckResponse = z.object({
  matched: z.boolean(),
  result: z.enum(CALLER_CHECK_RESULTS),
});

export type V1User = z.infer<typeof User>;
export type V1ClientUser = z.infer<typeof ClientUser>;
export type V1ClockDrift = z.infer<typeof ClockDrift>;
export type V1CheckResult = z.infer<typeof CheckResponse>;
export type V1UsersQuery = z.input<typeof UsersQuery>;
export type V1Session = z.infer<typeof SessionResponse>;
export type V1TemporaryCodeIssued = z.infer<typeof TemporaryCodeIssued>;
export type V1TemporaryCode = z.infer<typeof TemporaryCodeInfo>;
export type V1SignIn = z.infer<typeof SignIn>;
export type V1Policy = z.infer<typeof PolicyResponse>;
export type V1PolicyRequest = z.input<typeof PolicyRequest>;
export type V1CallerCheckStarted = z.infer<typeof CallerCheckStarted>;
export type V1CallerCheckResult = z.infer<typeof CallerCheckResponse>;
export type V1PendingAction = z.infer<typeof PendingAction>;
export type V1Approval = z.infer<typeof Approval>;
export type V1ResetPolicy = z.infer<typeof ResetPolicy>;
export type V1ResetPolicyRequest = z.input<typeof ResetPolicyRequest>;
export type V1ErrorBody = z.infer<typeof ErrorResponse>;

/** The head of a help-desk computer's local audit log, sent with each action it records (issue 25). */
export const AuditWitnessRequest = z.strictObject({
  logId: z.string().regex(/^[0-9a-f]{16,64}$/),
  seq: z.number().int().positive(),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  action: z.string().min(1).max(100),
  target: z.string().max(200).nullable(),
  /** The help-desk computer (its host name), so a replaced log can be told from another computer's. */
  computer: z.string().max(255).optional(),
});
export const AuditWitnessQuery = z.strictObject({
  /** Another staff member's heads (administrators only); your own by default. */
  actor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(5000),
});
export const AuditWitnessResponse = z.object({
  heads: z.array(
    AuditWitnessRequest.extend({
      computer: z.string().nullable(),
      actor: z.string(),
      /** When the server received it, ISO 8601. */
      at: z.string(),
    }),
  ),
});
export const AuditForwardingResponse = z.object({
  destinations: z.array(
    z.object({
      destination: z.string(),
      backlog: z.number().int().nonnegative(),
      delivered: z.number().int().nonnegative(),
      lastError: z.string().nullable(),
      lastErrorAt: z.string().nullable(),
    }),
  ),
});
export type V1AuditWitness = z.infer<typeof AuditWitnessRequest>;
export type V1AuditWitnessHeads = z.infer<typeof AuditWitnessResponse>;
