import type { Sql } from './sql';

/** A temporary access code as stored: its keyed hash, never the code. */
export interface TemporaryCodeRow {
  id: number;
  createdAt: number;
  expiresAt: number;
  usesAllowed: number;
  uses: number;
  createdBy: string;
  reason: string;
  revokedAt: number | null;
  /** Set while (and after) the code waited out a cooldown: it works from then on. */
  activeFrom: number | null;
}

interface Row {
  id: number;
  created_at: number;
  expires_at: number;
  uses_allowed: number;
  uses: number;
  created_by: string;
  reason: string;
  revoked_at: number | null;
  active_from: number | null;
}

const fromRow = (row: Row): TemporaryCodeRow => ({
  id: row.id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  usesAllowed: row.uses_allowed,
  uses: row.uses,
  createdBy: row.created_by,
  reason: row.reason,
  revokedAt: row.revoked_at,
  activeFrom: row.active_from === null ? null : Number(row.active_from),
});

// A code not spent: not revoked, a use left, not expired (at :now).
const UNSPENT = 'revoked_at IS NULL AND uses < uses_allowed AND expires_at > :now';
// A live code: unspent and past any cooldown.
const LIVE = `${UNSPENT} AND (active_from IS NULL OR active_from <= :now)`;

/** The help desk's temporary access codes (temp_codes). */
export class TemporaryCodeStore {
  constructor(private readonly sql: Sql) {}

  async insert(code: {
    userId: number;
    codeHash: string;
    createdAt: number;
    expiresAt: number;
    usesAllowed: number;
    createdBy: string;
    reason: string;
    activeFrom?: number | null;
  }): Promise<number> {
    const row = (await this.sql.get<{ id: number }>(
      `INSERT INTO temp_codes (user_id, code_hash, created_at, expires_at, uses_allowed, created_by, reason, active_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        code.userId,
        code.codeHash,
        code.createdAt,
        code.expiresAt,
        code.usesAllowed,
        code.createdBy,
        code.reason,
        code.activeFrom ?? null,
      ],
    )) as { id: number };
    return row.id;
  }

  /** The account's newest codes first. */
  async newest(userId: number, limit: number): Promise<TemporaryCodeRow[]> {
    const rows = await this.sql.all<Row>(
      'SELECT * FROM temp_codes WHERE user_id = ? ORDER BY id DESC LIMIT ?',
      [userId, limit],
    );
    return rows.map(fromRow);
  }

  /** Revokes one code of the account not spent yet (live, or waiting out a cooldown); false when there is none. */
  async revokeLive(userId: number, id: number, now: number): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE temp_codes SET revoked_at = :now WHERE id = :id AND user_id = :userId AND ${UNSPENT}`,
      { now, id, userId },
    );
    return result.changes === 1;
  }

  /** Whether the account has a live code with this hash (nothing is spent). */
  async isLive(userId: number, codeHash: string, now: number): Promise<boolean> {
    const row = await this.sql.get<{ id: number }>(
      `SELECT id FROM temp_codes WHERE code_hash = :codeHash AND user_id = :userId AND ${LIVE}`,
      { codeHash, userId, now },
    );
    return row !== undefined;
  }

  /** Spends one use of a live code in one statement, so two sign-ins cannot share a last use. */
  async spend(userId: number, codeHash: string, now: number): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE temp_codes SET uses = uses + 1 WHERE code_hash = :codeHash AND user_id = :userId AND ${LIVE}`,
      { codeHash, userId, now },
    );
    return result.changes === 1;
  }
}
