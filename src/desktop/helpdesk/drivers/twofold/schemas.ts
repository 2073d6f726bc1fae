import { AuditWitnessResponse } from '../../../../shared/admin-api/v1';
import { z } from 'zod';
import { auditListSchema } from '../../../../shared/admin-api/audit-record';
import {
  Approval,
  ApprovalsResponse,
  PendingAction,
  PendingActionsResponse,
  PendingAnswer,
  ResetPolicy,
} from '../../../../shared/admin-api/v1';
import {
  CALLER_CHECK_RESULTS,
  roleSchema,
  SIGN_IN_FACTORS,
  TEMPORARY_CODE_STATES,
} from '../../../../shared/admin-api/vocabulary';

/** Dates arrive as ISO strings or Unix milliseconds; the client speaks ISO 8601 everywhere. */
const when = z
  .union([z.string().min(1), z.number().finite(), z.null()])
  .optional()
  .transform((value): string | null => {
    if (value === null || value === undefined) return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  });

export { roleSchema };

export const sessionSchema = z.object({
  token: z.string().min(16).max(1024),
  expiresAt: when.pipe(z.string()),
  /** Older servers do not say. */
  twofaEnabled: z.boolean().optional(),
});

export const userSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string(),
  role: roleSchema,
  twofa: z.object({
    enabled: z.boolean(),
    enabledAt: when,
    lastUsedAt: when,
    recoveryCodesLeft: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    /** Servers before drift measurement, and lists, leave it out. */
    clockDrift: z
      .object({ offsetSeconds: z.number().finite(), codes: z.number().int().nonnegative(), lastAt: when })
      .nullable()
      .optional()
      .transform((d) => (d && d.lastAt !== null ? { ...d, lastAt: d.lastAt } : null)),
  }),
  locked: z.boolean(),
});

export const usersSchema = z.object({
  users: z.array(userSchema),
  total: z.number().int().nonnegative(),
});

export const checkSchema = z.object({
  valid: z.boolean(),
  phoneClockOffsetSeconds: z.number().finite().optional(),
  callerCheckId: z.number().int().positive().optional(),
});

/** The audit list: `{records: [...]}`. */
export const auditSchema = auditListSchema.transform((list) => list.records);

/** The local-log heads the server witnessed (`GET /audit/witness`). */
export const witnessHeadsSchema = AuditWitnessResponse;

const count = z.number().int().nonnegative();

/** The adoption report (`GET /reports/2fa`): totals plus one row per role. */
export const adoptionSchema = z
  .object({
    total: count,
    enabled: count,
    byRole: z.array(z.object({ role: z.string(), total: count, enabled: count })),
  })
  .transform((report) => ({ ...report, locked: null }));

export const selfSetupSchema = z.object({
  secret: z.string().min(16).max(256),
  otpauthUri: z.string().startsWith('otpauth://'),
});

export const selfEnabledSchema = z
  .object({ recoveryCodes: z.array(z.string()).optional() })
  .passthrough()
  .transform((o) => ({ recoveryCodes: o.recoveryCodes ?? [] }));

export const newRecoveryCodesSchema = z.object({
  recoveryCodes: z.array(z.string().max(64)).min(1).max(100),
  generatedAt: z.string().max(64),
});

/** Error bodies: `{error: code, message}`. */
export const errorBodySchema = z
  .object({ error: z.string().optional(), message: z.string().optional() })
  .transform((body) => ({ code: body.error, message: body.message }));

/** `GET /users/{id}/devices`: `{devices: [...]}`. */
export const devicesSchema = z
  .object({
    devices: z.array(
      z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        name: z
          .string()
          .nullable()
          .optional()
          .transform((v) => v ?? null),
        createdAt: when,
        expiresAt: when,
        lastSeenAt: when,
        address: z
          .string()
          .nullable()
          .optional()
          .transform((v) => v ?? null),
      }),
    ),
  })
  .transform((body) => body.devices);

export const revokedSchema = z.object({ revoked: count });

// --- The help desk's gentler tools (see helpdesk-tools.ts) ---------------------------------------

const iso = z.string().min(1);
const role = roleSchema;

export const pendingActionSchema = PendingAction;
export const pendingAnswerSchema = PendingAnswer;
export const pendingActionsSchema = PendingActionsResponse.transform((body) => body.actions);
export const approvalSchema = Approval;
export const approvalsSchema = ApprovalsResponse.transform((body) => body.approvals);

export const temporaryCodeIssuedSchema = z.object({
  id: z.number().int(),
  code: z.string().min(8).max(64),
  expiresAt: iso,
  uses: z.number().int().positive(),
  activeFrom: iso.optional(),
  pending: PendingAction.optional(),
});

export const temporaryCodesSchema = z
  .object({
    codes: z.array(
      z.object({
        id: z.number().int(),
        createdAt: iso,
        expiresAt: iso,
        usesAllowed: z.number().int(),
        uses: z.number().int(),
        createdBy: z.string(),
        reason: z.string(),
        state: z.enum(TEMPORARY_CODE_STATES),
      }),
    ),
  })
  .transform((body) => body.codes);

export const signInsSchema = z
  .object({
    signIns: z.array(
      z.object({
        at: iso,
        address: z.string().nullable(),
        result: z.enum(['ok', 'refused']),
        factor: z.enum(SIGN_IN_FACTORS),
        channel: z.string(),
      }),
    ),
  })
  .transform((body) => body.signIns);

export const resetPoliciesSchema = z.object({ resetPolicies: z.array(ResetPolicy) });

export const policySchema = z.object({
  resetPolicies: z.array(ResetPolicy).optional(),
  policies: z.array(
    z.object({
      role,
      required: z.boolean(),
      graceUntil: iso.nullable(),
      graceDays: z.number().int().nullable(),
      since: iso.nullable(),
      updatedBy: z.string().nullable(),
    }),
  ),
  outOfCompliance: z.object({
    users: z.array(
      z.object({
        id: z.number().int(),
        login: z.string(),
        name: z.string(),
        role,
        deadline: iso,
        blocked: z.boolean(),
      }),
    ),
    total: z.number().int(),
  }),
});

export const callerCheckStartedSchema = z.object({
  id: z.number().int(),
  sentTo: z.string(),
  expiresAt: iso,
});
export const callerCheckResultSchema = z.object({
  matched: z.boolean(),
  result: z.enum(CALLER_CHECK_RESULTS),
});
