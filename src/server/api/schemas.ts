import { z } from 'zod';
import { ROLES, USER_SORT_KEYS } from '../db/users';
import { auditListSchema } from '../../shared/admin-api/audit-record';

// Contract of the admin API (/api/admin/v1): the names here are what the console relies on.

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
  twofa: z.enum(['enabled', 'disabled']).optional(),
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

export const CheckRequest = z.strictObject({ code });
export const CheckResponse = z.object({ valid: z.boolean() });

export const DisableRequest = z.strictObject({
  reason: z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(500),
  /** A caller check that matched (POST /users/{id}/caller-checks); its result goes into the audit record. */
  callerCheckId: z.number().int().positive().optional(),
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
