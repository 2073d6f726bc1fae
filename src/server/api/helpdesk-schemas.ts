import { z } from 'zod';
import { ROLES } from '../db/users';
import { CALLER_CHECK_RESULTS } from '../services/caller-checks';
import { SIGN_IN_FACTORS } from '../services/sign-in-history';
import {
  TEMPORARY_CODE_MAX_MS,
  TEMPORARY_CODE_MAX_USES,
  TEMPORARY_CODE_MIN_MS,
} from '../services/temporary-codes';

// Contract of the help desk's gentler tools in the admin API; the names are what the console and CLI use.

const reason = z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(500);

export const ReasonRequest = z.strictObject({ reason });

export const TemporaryCodeRequest = z.strictObject({
  reason,
  lifetimeMinutes: z.coerce
    .number()
    .int()
    .min(TEMPORARY_CODE_MIN_MS / 60_000, 'A temporary code lasts at least 10 minutes.')
    .max(TEMPORARY_CODE_MAX_MS / 60_000, 'A temporary code lasts at most 8 hours.')
    .default(60),
  uses: z.coerce
    .number()
    .int()
    .min(1, 'A temporary code works at least once.')
    .max(TEMPORARY_CODE_MAX_USES, `A temporary code works at most ${TEMPORARY_CODE_MAX_USES} times.`)
    .default(1),
});
export const TemporaryCodeIssued = z.object({
  id: z.number(),
  code: z.string(),
  expiresAt: z.string(),
  uses: z.number(),
});
export const TemporaryCodeInfo = z.object({
  id: z.number(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usesAllowed: z.number(),
  uses: z.number(),
  createdBy: z.string(),
  reason: z.string(),
  state: z.enum(['active', 'used', 'expired', 'revoked']),
});
export const TemporaryCodesResponse = z.object({ codes: z.array(TemporaryCodeInfo) });
export const TemporaryCodeId = z.strictObject({
  id: z.coerce.number().int().positive(),
  codeId: z.coerce.number().int().positive('The code id must be a positive number.'),
});

export const ResetRequest = z.strictObject({
  reason,
  /** A caller check (POST /users/{id}/caller-checks) that matched; its result goes into the audit record. */
  callerCheckId: z.number().int().positive().optional(),
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
