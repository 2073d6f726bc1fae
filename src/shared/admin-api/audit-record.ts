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
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditListSchema = z.object({ records: z.array(auditRecordSchema) });
