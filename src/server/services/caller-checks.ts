import { randomInt } from 'node:crypto';
import { forUpdate, type Sql } from '../db/sql';
import type { SecretBox } from '../security/secret-box';

export const CALLER_CHECK_TTL_MS = 10 * 60_000;
/** A matched check counts for a destructive action within this time. */
export const CALLER_CHECK_VALID_MS = 30 * 60_000;
const MAX_ATTEMPTS = 5;

export const CALLER_CHECK_RESULTS = ['matched', 'wrong', 'expired', 'too-many-attempts', 'unknown'] as const;
export type CallerCheckResult = (typeof CALLER_CHECK_RESULTS)[number];

interface Row {
  id: number;
  user_id: number;
  actor: string;
  code_hash: string;
  expires_at: number;
  attempts: number;
  matched_at: number | null;
}

/**
 * Out-of-band verification of a caller before a destructive action: a six-digit code
 * is emailed to the account's owner and read back to the help desk. Stored as a keyed hash.
 */
export class CallerChecks {
  constructor(
    private readonly sql: Sql,
    private readonly box: SecretBox,
  ) {}

  private hash(id: number, code: string): string {
    return this.box.mac(`caller-check:${id}:${code}`);
  }

  async start(
    userId: number,
    actor: string,
    now: number,
  ): Promise<{ id: number; code: string; expiresAt: number }> {
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const expiresAt = now + CALLER_CHECK_TTL_MS;
    return this.sql.transaction(async () => {
      const row = (await this.sql.get<{ id: number }>(
        `INSERT INTO caller_checks (user_id, actor, code_hash, created_at, expires_at)
         VALUES (?, ?, '', ?, ?) RETURNING id`,
        [userId, actor, now, expiresAt],
      )) as { id: number };
      await this.sql.run('UPDATE caller_checks SET code_hash = ? WHERE id = ?', [
        this.hash(row.id, code),
        row.id,
      ]);
      return { id: row.id, code, expiresAt };
    });
  }

  /** Compares what the caller read back; every attempt counts, and a matched check stays matched. */
  async verify(
    id: number,
    userId: number,
    actor: string,
    input: string,
    now: number,
  ): Promise<CallerCheckResult> {
    return this.sql.transaction(async (): Promise<CallerCheckResult> => {
      // Locked until the attempt is counted, so simultaneous answers cannot share one attempt.
      const row = await this.sql.get<Row>(
        `SELECT * FROM caller_checks WHERE id = ? AND user_id = ? AND actor = ?${forUpdate(this.sql)}`,
        [id, userId, actor],
      );
      if (!row) return 'unknown';
      if (row.matched_at !== null) return 'matched';
      if (row.expires_at <= now) return 'expired';
      if (row.attempts >= MAX_ATTEMPTS) return 'too-many-attempts';
      const code = input.replace(/\s/g, '');
      const matched = /^\d{6}$/.test(code) && this.hash(id, code) === row.code_hash;
      await this.sql.run('UPDATE caller_checks SET attempts = attempts + 1, matched_at = ? WHERE id = ?', [
        matched ? now : null,
        id,
      ]);
      return matched ? 'matched' : 'wrong';
    });
  }

  /** Whether this help-desk member verified this caller recently (for the audit record of a reset). */
  async recentlyMatched(id: number, userId: number, actor: string, now: number): Promise<boolean> {
    const row = await this.sql.get<Row>(
      'SELECT * FROM caller_checks WHERE id = ? AND user_id = ? AND actor = ?',
      [id, userId, actor],
    );
    return row?.matched_at != null && now - row.matched_at <= CALLER_CHECK_VALID_MS;
  }
}
