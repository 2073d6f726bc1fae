import type { Sql } from '../db/sql';
import { ROLES, type Role } from '../db/users';

const DAY_MS = 24 * 60 * 60_000;

export interface RolePolicy {
  role: Role;
  required: boolean;
  /** A fixed end of the grace period (ISO 8601), or null. */
  graceUntil: string | null;
  /** Days of grace counted from the policy's start (or the account's creation, if later), or null. */
  graceDays: number | null;
  since: string | null;
  updatedBy: string | null;
}

/** Where one account stands against its role's policy. */
export type Standing =
  | { kind: 'exempt' }
  | { kind: 'compliant' }
  | { kind: 'grace'; deadline: number }
  | { kind: 'blocked'; deadline: number };

export interface OutOfCompliance {
  id: number;
  login: string;
  name: string;
  role: Role;
  deadline: string;
  blocked: boolean;
}

interface Row {
  role: Role;
  required: number;
  grace_until: number | null;
  grace_days: number | null;
  since: number;
  updated_by: string;
}

/** Per role: is 2FA required, and by when (Okta/Entra-style enforcement with a grace period). */
export class EnforcementPolicy {
  constructor(private readonly sql: Sql) {}

  private async rows(): Promise<Map<Role, Row>> {
    const rows = await this.sql.all<Row>('SELECT * FROM twofa_policy');
    return new Map(rows.map((row) => [row.role, row]));
  }

  async all(): Promise<RolePolicy[]> {
    const rows = await this.rows();
    return ROLES.map((role) => {
      const row = rows.get(role);
      return {
        role,
        required: row?.required === 1,
        graceUntil: row?.grace_until == null ? null : new Date(row.grace_until).toISOString(),
        graceDays: row?.grace_days ?? null,
        since: row ? new Date(row.since).toISOString() : null,
        updatedBy: row?.updated_by ?? null,
      };
    });
  }

  async set(
    role: Role,
    policy: { required: boolean; graceDays?: number | undefined; graceUntil?: number | undefined },
    actor: string,
    now: number,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO twofa_policy (role, required, grace_until, grace_days, since, updated_by)
         VALUES (:role, :required, :graceUntil, :graceDays, :now, :actor)
         ON CONFLICT (role) DO UPDATE SET required = :required, grace_until = :graceUntil,
           grace_days = :graceDays, updated_by = :actor,
           -- The grace period starts when 2FA becomes required, not at every edit.
           since = CASE WHEN twofa_policy.required = 1 AND :required = 1 THEN twofa_policy.since ELSE :now END`,
      {
        role,
        required: policy.required ? 1 : 0,
        graceUntil: policy.graceUntil ?? null,
        graceDays: policy.graceDays ?? null,
        now,
        actor,
      },
    );
  }

  private deadline(row: Row, createdAt: number): number {
    if (row.grace_until !== null) return row.grace_until;
    return Math.max(row.since, createdAt) + (row.grace_days ?? 0) * DAY_MS;
  }

  async standing(
    user: { role: Role; created_at: number; totp_enabled_at: number | null },
    now: number,
  ): Promise<Standing> {
    const row = (await this.rows()).get(user.role);
    if (!row || row.required !== 1) return { kind: 'exempt' };
    if (user.totp_enabled_at !== null) return { kind: 'compliant' };
    const deadline = this.deadline(row, user.created_at);
    return now < deadline ? { kind: 'grace', deadline } : { kind: 'blocked', deadline };
  }

  /** Accounts in a role that requires 2FA and have none, soonest deadline first. */
  async outOfCompliance(now: number, limit: number): Promise<{ users: OutOfCompliance[]; total: number }> {
    const rows = await this.rows();
    const required = [...rows.values()].filter((row) => row.required === 1);
    if (required.length === 0) return { users: [], total: 0 };
    const people = await this.sql.all<{
      id: number;
      login: string;
      name: string;
      role: Role;
      created_at: number;
    }>(
      `SELECT id, login, name, role, created_at FROM users
       WHERE totp_enabled_at IS NULL AND role IN (${required.map(() => '?').join(', ')})`,
      required.map((row) => row.role),
    );
    const users = people
      .map((person) => {
        const deadline = this.deadline(rows.get(person.role)!, person.created_at);
        return {
          id: person.id,
          login: person.login,
          name: person.name,
          role: person.role,
          deadline: new Date(deadline).toISOString(),
          blocked: now >= deadline,
        };
      })
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.login.localeCompare(b.login));
    return { users: users.slice(0, limit), total: users.length };
  }
}
