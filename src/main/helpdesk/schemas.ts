import { z } from 'zod';
import { auditListSchema } from '../../shared/admin-api/audit-record';

/** Dates arrive as ISO strings or Unix milliseconds; the client speaks ISO 8601 everywhere. */
const when = z
  .union([z.string().min(1), z.number().finite(), z.null()])
  .optional()
  .transform((value): string | null => {
    if (value === null || value === undefined) return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  });

export const roleSchema = z.enum(['user', 'helpdesk', 'admin']);

export const sessionSchema = z.object({
  token: z.string().min(16).max(1024),
  expiresAt: when.pipe(z.string()),
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
  }),
  locked: z.boolean(),
});

export const usersSchema = z.object({
  users: z.array(userSchema),
  total: z.number().int().nonnegative(),
});

export const checkSchema = z.object({ valid: z.boolean() });

/** The audit list: `{records: [...]}`. */
export const auditSchema = auditListSchema.transform((list) => list.records);

const count = z.number().int().nonnegative();
const roleCounts = z.object({ total: count, enabled: count }).passthrough();

/** The adoption report: totals plus per-role counts, as a list or keyed by role. */
export const adoptionSchema = z
  .object({
    total: count,
    enabled: count,
    locked: count.optional(),
    byRole: z.union([
      z.array(roleCounts.extend({ role: z.string() })),
      z
        .record(z.string(), roleCounts)
        .transform((record) => Object.entries(record).map(([role, counts]) => ({ role, ...counts }))),
    ]),
  })
  .transform((report) => ({
    total: report.total,
    enabled: report.enabled,
    locked: report.locked ?? null,
    byRole: report.byRole.map((row) => ({ role: row.role, total: row.total, enabled: row.enabled })),
  }));

export const selfSetupSchema = z.object({
  secret: z.string().min(16).max(256),
  otpauthUri: z.string().startsWith('otpauth://'),
});

export const selfEnabledSchema = z
  .object({ recoveryCodes: z.array(z.string()).optional() })
  .passthrough()
  .transform((o) => ({ recoveryCodes: o.recoveryCodes ?? [] }));

/** Error bodies: `{error: {code, message}}`, `{error: "…", code?}`, or `{code, message}`. */
export const errorBodySchema = z
  .object({
    error: z
      .union([z.string(), z.object({ code: z.string().optional(), message: z.string().optional() })])
      .optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  })
  .transform((body) => {
    const nested = typeof body.error === 'object' ? body.error : undefined;
    return {
      code: nested?.code ?? body.code ?? (typeof body.error === 'string' ? body.error : undefined),
      message: nested?.message ?? body.message ?? (typeof body.error === 'string' ? body.error : undefined),
    };
  });
