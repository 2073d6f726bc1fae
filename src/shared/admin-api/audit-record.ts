import { z } from 'zod';

/**
 * One audit-log record as the account server's admin API sends it
 * (`GET /api/admin/v1/audit` → `{records: [...]}`) and the console shows it:
 * one definition for the server, the admin client and the IPC contract.
 */
export const auditRecordSchema = z.object({
  /** ISO 8601. */
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  result: z.string(),
  clientAddress: z.string().nullable(),
  /** The proof of the caller's identity a reset, disable or temporary code was done on (issue 25). */
  proof: z.string().nullable().optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditListSchema = z.object({ records: z.array(auditRecordSchema) });
