import { AuditStore, type AuditRow } from './audit';
import { CodeOffsetStore } from './code-offsets';
import { writesInWith, type Sql } from './sql';

/**
 * What a code check writes beside spending the time step, as one unit with the spend:
 * on PostgreSQL one statement (one commit, one round trip), on SQLite one transaction.
 */
export interface SpendRecords {
  /** The accepted code's step offset (code_offsets), written only when the step is spent. */
  readonly offset?: { readonly stepOffset: number; readonly at: number } | undefined;
  /** The check's audit line: result 'ok' when the step is spent, else `refusedResult` (no line when null). */
  readonly audit?:
    { readonly row: Omit<AuditRow, 'result'>; readonly refusedResult: string | null } | undefined;
}

/**
 * Runs `spend`, an `UPDATE users … RETURNING id` that spends a time step of account `userId`
 * (its parameters by name), and writes `records` with it; true when the step was spent.
 */
export async function spendStep(
  sql: Sql,
  userId: number,
  spend: string,
  params: Readonly<Record<string, unknown>>,
  records: SpendRecords,
): Promise<boolean> {
  if (records.offset === undefined && records.audit === undefined) {
    return (await sql.get(spend, params)) !== undefined;
  }
  if (writesInWith(sql)) return spendInOneStatement(sql, spend, params, records);
  return sql.transaction(async () => {
    const spent = (await sql.get(spend, params)) !== undefined;
    const { offset, audit } = records;
    if (spent && offset !== undefined) {
      await new CodeOffsetStore(sql).record(userId, { ...offset, accepted: true });
    }
    const result = spent ? 'ok' : (audit?.refusedResult ?? null);
    if (audit !== undefined && result !== null) await new AuditStore(sql).append({ ...audit.row, result });
    return spent;
  });
}

const OFFSET_PART = `offset_written AS (
  INSERT INTO code_offsets (user_id, at, step_offset, accepted)
  SELECT id, CAST(:record_offset_at AS BIGINT), CAST(:record_step_offset AS INTEGER), 1 FROM spent)`;
// Every data-modifying part of a WITH runs to completion, whether or not the query reads it.
const AUDIT_PART = `audit_written AS (
  INSERT INTO audit (at, actor, action, target, reason, result, client_address)
  SELECT CAST(:record_at AS BIGINT), CAST(:record_actor AS TEXT), CAST(:record_action AS TEXT),
         CAST(:record_target AS TEXT), CAST(:record_reason AS TEXT), checked.result,
         CAST(:record_client_address AS TEXT)
  FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM spent) THEN 'ok'
                    ELSE CAST(:record_refused_result AS TEXT) END AS result) AS checked
  WHERE checked.result IS NOT NULL)`;

/** Each spend statement's WITH texts, by which records it writes (built once, looked up by text). */
const statements = new Map<string, Map<string, string>>();

function statementOf(spend: string, withOffset: boolean, withAudit: boolean): string {
  let variants = statements.get(spend);
  if (variants === undefined) {
    variants = new Map();
    statements.set(spend, variants);
  }
  const key = `${withOffset}:${withAudit}`;
  let text = variants.get(key);
  if (text === undefined) {
    const parts = [
      `spent AS (${spend})`,
      ...(withOffset ? [OFFSET_PART] : []),
      ...(withAudit ? [AUDIT_PART] : []),
    ];
    text = `WITH ${parts.join(', ')} SELECT id FROM spent`;
    variants.set(key, text);
  }
  return text;
}

// Record parameters carry a prefix that no spend statement's parameter has.
async function spendInOneStatement(
  sql: Sql,
  spend: string,
  params: Readonly<Record<string, unknown>>,
  { offset, audit }: SpendRecords,
): Promise<boolean> {
  const values: Record<string, unknown> = { ...params };
  if (offset !== undefined) {
    values.record_offset_at = offset.at;
    values.record_step_offset = offset.stepOffset;
  }
  if (audit !== undefined) {
    values.record_at = audit.row.at;
    values.record_actor = audit.row.actor;
    values.record_action = audit.row.action;
    values.record_target = audit.row.target;
    values.record_reason = audit.row.reason;
    values.record_client_address = audit.row.clientAddress;
    values.record_refused_result = audit.refusedResult;
  }
  const text = statementOf(spend, offset !== undefined, audit !== undefined);
  return (await sql.get(text, values)) !== undefined;
}
