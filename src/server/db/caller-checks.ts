import { forUpdate, type Sql } from './sql';

/** An out-of-band caller check as stored: the code's keyed hash, never the code. */
export interface CallerCheckRow {
  id: number;
  userId: number;
  actor: string;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  matchedAt: number | null;
  /** How the caller proved it: `email` (a code we mailed them) or `authenticator` (a right code from it). */
  kind: string;
}

interface Row {
  id: number;
  user_id: number;
  actor: string;
  code_hash: string;
  expires_at: number;
  attempts: number;
  matched_at: number | null;
  kind: string;
}

/** The help desk's caller checks (caller_checks). */
export class CallerCheckStore {
  constructor(private readonly sql: Sql) {}

  /** A new check without its code hash yet (the hash covers the id): set it with `setCodeHash`. */
  async insert(check: {
    userId: number;
    actor: string;
    createdAt: number;
    expiresAt: number;
  }): Promise<number> {
    const row = (await this.sql.get<{ id: number }>(
      `INSERT INTO caller_checks (user_id, actor, code_hash, created_at, expires_at)
       VALUES (?, ?, '', ?, ?) RETURNING id`,
      [check.userId, check.actor, check.createdAt, check.expiresAt],
    )) as { id: number };
    return row.id;
  }

  /**
   * Locks these accounts' rows until the transaction ends (call inside one), so that two
   * caller checks started at once for one account, or by one help-desk member, are
   * counted one after the other. In id order, so two such transactions cannot deadlock.
   */
  async lockAccounts(ids: readonly number[]): Promise<void> {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    if (sorted.length === 0) return;
    await this.sql.all(
      `SELECT id FROM users WHERE id IN (${sorted.map(() => '?').join(', ')}) ORDER BY id${forUpdate(this.sql)}`,
      sorted,
    );
  }

  /** How many checks were started after `since` for this account or by this help-desk member, and the oldest's time. */
  async startedSince(
    who: { userId: number } | { actor: string },
    since: number,
  ): Promise<{ count: number; oldest: number | null }> {
    const [column, value] = 'userId' in who ? ['user_id', who.userId] : ['actor', who.actor];
    const row = await this.sql.get<{ n: number; oldest: number | null }>(
      `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM caller_checks WHERE ${column} = ? AND created_at > ?`,
      [value, since],
    );
    return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
  }

  async setCodeHash(id: number, codeHash: string): Promise<void> {
    await this.sql.run('UPDATE caller_checks SET code_hash = ? WHERE id = ?', [codeHash, id]);
  }

  /**
   * The check `id` of this account started by this help-desk member. `lock`: its row
   * stays locked until the transaction ends (call inside one).
   */
  async find(
    id: number,
    userId: number,
    actor: string,
    options: { lock?: boolean } = {},
  ): Promise<CallerCheckRow | undefined> {
    const row = await this.sql.get<Row>(
      `SELECT * FROM caller_checks WHERE id = ? AND user_id = ? AND actor = ?${options.lock === true ? forUpdate(this.sql) : ''}`,
      [id, userId, actor],
    );
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        actor: row.actor,
        codeHash: row.code_hash,
        expiresAt: row.expires_at,
        attempts: row.attempts,
        matchedAt: row.matched_at === null ? null : Number(row.matched_at),
        kind: row.kind,
      }
    );
  }

  /** A caller check passed at once: the caller read out a right code from their current authenticator. */
  async insertAuthenticatorMatch(check: { userId: number; actor: string; now: number }): Promise<number> {
    const row = (await this.sql.get<{ id: number }>(
      `INSERT INTO caller_checks (user_id, actor, code_hash, created_at, expires_at, attempts, matched_at, kind)
       VALUES (?, ?, '', ?, ?, 1, ?, 'authenticator') RETURNING id`,
      [check.userId, check.actor, check.now, check.now, check.now],
    )) as { id: number };
    return Number(row.id);
  }

  /** Counts one attempt; `matchedAt` is when it matched, or null. */
  async countAttempt(id: number, matchedAt: number | null): Promise<void> {
    await this.sql.run('UPDATE caller_checks SET attempts = attempts + 1, matched_at = ? WHERE id = ?', [
      matchedAt,
      id,
    ]);
  }
}
