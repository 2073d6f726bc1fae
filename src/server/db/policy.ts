import type { Sql } from './sql';
import type { ProofKind } from '../../shared/admin-api/vocabulary';
import type { Role } from './users';

/** One role's 2FA rule as stored (twofa_policy). */
export interface PolicyRow {
  role: Role;
  required: boolean;
  /** A fixed end of the grace period, or null. */
  graceUntil: number | null;
  /** Days of grace counted from `since` (or the account's creation, if later), or null. */
  graceDays: number | null;
  /** When 2FA became required (or the rule was last set while not required). */
  since: number;
  updatedBy: string;
}

/** Per role: is 2FA required, and by when. */
export class PolicyStore {
  constructor(private readonly sql: Sql) {}

  async all(): Promise<PolicyRow[]> {
    const rows = await this.sql.all<{
      role: Role;
      required: number;
      grace_until: number | null;
      grace_days: number | null;
      since: number;
      updated_by: string;
    }>('SELECT * FROM twofa_policy');
    return rows.map((row) => ({
      role: row.role,
      required: row.required === 1,
      graceUntil: row.grace_until,
      graceDays: row.grace_days,
      since: row.since,
      updatedBy: row.updated_by,
    }));
  }

  /** Sets a role's rule; `since` moves to `now` unless 2FA was required already and stays so. */
  async set(
    role: Role,
    rule: { required: boolean; graceDays: number | null; graceUntil: number | null },
    actor: string,
    now: number,
  ): Promise<void> {
    // In one statement, so two edits at once cannot both think 2FA just became required.
    await this.sql.run(
      `INSERT INTO twofa_policy (role, required, grace_until, grace_days, since, updated_by)
         VALUES (:role, :required, :graceUntil, :graceDays, :now, :actor)
         ON CONFLICT (role) DO UPDATE SET required = :required, grace_until = :graceUntil,
           grace_days = :graceDays, updated_by = :actor,
           since = CASE WHEN twofa_policy.required = 1 AND :required = 1 THEN twofa_policy.since ELSE :now END`,
      {
        role,
        required: rule.required ? 1 : 0,
        graceUntil: rule.graceUntil,
        graceDays: rule.graceDays,
        now,
        actor,
      },
    );
  }
}

/** One role's reset rule as stored (reset_policy): which proofs are enough, and the cooldown. */
export interface ResetPolicyRow {
  role: Role;
  proofs: ProofKind[];
  cooldownMinutes: number;
  updatedBy: string;
}

/** Per role of the target: the proofs a reset, disable or temporary code needs, and its cooldown. */
export class ResetPolicyStore {
  constructor(private readonly sql: Sql) {}

  async all(): Promise<ResetPolicyRow[]> {
    const rows = await this.sql.all<{
      role: Role;
      proofs: string;
      cooldown_minutes: number;
      updated_by: string;
    }>('SELECT role, proofs, cooldown_minutes, updated_by FROM reset_policy');
    return rows.map((row) => ({
      role: row.role,
      proofs: row.proofs.split(',').filter((p) => p !== '') as ProofKind[],
      cooldownMinutes: Number(row.cooldown_minutes),
      updatedBy: row.updated_by,
    }));
  }

  async set(
    role: Role,
    rule: { proofs: readonly ProofKind[]; cooldownMinutes: number },
    actor: string,
    now: number,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO reset_policy (role, proofs, cooldown_minutes, updated_by, updated_at)
         VALUES (:role, :proofs, :cooldown, :actor, :now)
         ON CONFLICT (role) DO UPDATE SET proofs = :proofs, cooldown_minutes = :cooldown,
           updated_by = :actor, updated_at = :now`,
      { role, proofs: rule.proofs.join(','), cooldown: rule.cooldownMinutes, actor, now },
    );
  }
}
