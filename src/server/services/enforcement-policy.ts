import type { PolicyRow } from '../db/policy';
import type { Stores } from '../db/stores';
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

/** Per role: is 2FA required, and by when (Okta/Entra-style enforcement with a grace period). */
export class EnforcementPolicy {
  constructor(private readonly stores: Pick<Stores, 'policies' | 'users'>) {}

  private async rows(): Promise<Map<Role, PolicyRow>> {
    const rows = await this.stores.policies.all();
    return new Map(rows.map((row) => [row.role, row]));
  }

  async all(): Promise<RolePolicy[]> {
    const rows = await this.rows();
    return ROLES.map((role) => {
      const row = rows.get(role);
      return {
        role,
        required: row?.required === true,
        graceUntil: row?.graceUntil == null ? null : new Date(row.graceUntil).toISOString(),
        graceDays: row?.graceDays ?? null,
        since: row ? new Date(row.since).toISOString() : null,
        updatedBy: row?.updatedBy ?? null,
      };
    });
  }

  async set(
    role: Role,
    policy: { required: boolean; graceDays?: number | undefined; graceUntil?: number | undefined },
    actor: string,
    now: number,
  ): Promise<void> {
    await this.stores.policies.set(
      role,
      {
        required: policy.required,
        graceUntil: policy.graceUntil ?? null,
        graceDays: policy.graceDays ?? null,
      },
      actor,
      now,
    );
  }

  private deadline(row: PolicyRow, createdAt: number): number {
    if (row.graceUntil !== null) return row.graceUntil;
    return Math.max(row.since, createdAt) + (row.graceDays ?? 0) * DAY_MS;
  }

  async standing(
    user: { role: Role; createdAt: number; totpEnabledAt: number | null },
    now: number,
  ): Promise<Standing> {
    const row = (await this.rows()).get(user.role);
    if (!row || !row.required) return { kind: 'exempt' };
    if (user.totpEnabledAt !== null) return { kind: 'compliant' };
    const deadline = this.deadline(row, user.createdAt);
    return now < deadline ? { kind: 'grace', deadline } : { kind: 'blocked', deadline };
  }

  /** Accounts in a role that requires 2FA and have none, soonest deadline first. */
  async outOfCompliance(now: number, limit: number): Promise<{ users: OutOfCompliance[]; total: number }> {
    const rows = await this.rows();
    const required = [...rows.values()].filter((row) => row.required);
    if (required.length === 0) return { users: [], total: 0 };
    const people = await this.stores.users.withoutTwoFactor(required.map((row) => row.role));
    const users = people
      .map((person) => {
        const deadline = this.deadline(rows.get(person.role)!, person.createdAt);
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
