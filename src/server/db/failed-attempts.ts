import type { Sql } from './sql';
import { spendStep, type SpendRecords } from './step-spend';

/**
 * The limits one counter is held to (the throttle's policy, security/throttle.ts): after
 * `backoffAfter` failures each further attempt must wait (doubling from `backoffBaseMs`,
 * at most `backoffMaxMs`); after `lockAfter` none is counted until `lockMs` pass without one.
 */
export interface AttemptLimits {
  now: number;
  backoffAfter: number;
  lockAfter: number;
  lockMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

// Column names are qualified by table: in an upsert PostgreSQL finds them ambiguous otherwise.
// A quiet period of lockMs forgets earlier failures: the attempt counts as the first again.
const quiet = (t: string) => `${t}.last_failed_at IS NULL OR :now - ${t}.last_failed_at >= :lockMs`;
const count = (t: string) => `CASE WHEN ${quiet(t)} THEN 1 ELSE ${t}.failed_count + 1 END`;

/**
 * May one more attempt be counted? Not once `lockAfter` failures are counted, nor
 * during the back-off after `backoffAfter` (doubling, capped; the shift is bounded
 * so it cannot overflow). Plain SQL that SQLite and PostgreSQL both read.
 */
function open(t: string): string {
  const shift = `(${t}.failed_count - :backoffAfter)`;
  // BIGINT: PostgreSQL's INTEGER would overflow where SQLite's 64-bit integers do not.
  const backoff = `CAST(:base AS BIGINT) * (1 << ${shift})`;
  const wait = `CASE WHEN ${shift} >= 30 OR ${backoff} > :max THEN :max ELSE ${backoff} END`;
  // No wait (a back-off of 0) is open even to an attempt whose clock was read a moment before
  // the last failure's: simultaneous requests commit in any order, PostgreSQL's on many connections.
  return `(${quiet(t)}) OR (${t}.failed_count < :lockAfter AND (${t}.failed_count < :backoffAfter OR ${wait} <= 0 OR :now >= ${t}.last_failed_at + ${wait}))`;
}

// Each statement's text is built once: the drivers look their compiled statements up by it.
const RESERVE_ACCOUNT = `UPDATE users SET failed_count = ${count('users')}, last_failed_at = :now
  WHERE id = :id AND (${open('users')}) RETURNING failed_count`;
const RESERVE_ADDRESS = `INSERT INTO address_failures (address, failed_count, last_failed_at) VALUES (:address, 1, :now)
  ON CONFLICT (address) DO UPDATE SET failed_count = ${count('address_failures')}, last_failed_at = :now
  WHERE ${open('address_failures')}`;
const SPEND_WITHIN_LIMITS = `UPDATE users SET totp_last_step = :step, totp_last_used_at = :now,
    failed_count = CASE WHEN ${quiet('users')} THEN 0 ELSE users.failed_count END
  WHERE id = :id AND totp_secret = :sealed AND (totp_last_step IS NULL OR totp_last_step < :step)
    AND (${open('users')})
  RETURNING id`;

const paramsOf = (limits: AttemptLimits) => ({
  now: limits.now,
  lockMs: limits.lockMs,
  base: limits.backoffBaseMs,
  max: limits.backoffMaxMs,
  backoffAfter: limits.backoffAfter,
  lockAfter: limits.lockAfter,
});

/**
 * Failed-attempt counters: per account (users.failed_count) and per client address
 * (address_failures). Each reservation checks the limits and counts the attempt in one
 * conditional statement, which the database serialises across server processes.
 */
export class FailedAttemptStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Counts a failure against the account if its limits allow one more: the account's failures
   * now (so the caller sees the one that locks it), or null when the limits refuse.
   */
  async reserveForAccount(userId: number, limits: AttemptLimits): Promise<number | null> {
    const row = await this.sql.get<{ failed_count: number }>(RESERVE_ACCOUNT, {
      ...paramsOf(limits),
      id: userId,
    });
    return row === undefined ? null : Number(row.failed_count);
  }

  /** Counts a failure against the address if its limits allow one more; false when they do not. */
  async reserveForAddress(address: string, limits: AttemptLimits): Promise<boolean> {
    const { changes } = await this.sql.run(RESERVE_ADDRESS, { ...paramsOf(limits), address });
    return changes === 1;
  }

  /**
   * Accepts time step `step` of the account's secret `sealedSecret` (as
   * TwoFactorStore.acceptTimeStep does) only while the account's limits allow one more
   * attempt, and forgets failures older than the quiet period: one statement for a right
   * code on the hot path, which also writes `records` (step-spend.ts). False when the step
   * was taken, the secret changed or the limits are reached; nothing is counted then.
   */
  async acceptTimeStepWithinLimits(
    userId: number,
    sealedSecret: Buffer,
    step: number,
    limits: AttemptLimits,
    records: SpendRecords = {},
  ): Promise<boolean> {
    return spendStep(
      this.sql,
      userId,
      SPEND_WITHIN_LIMITS,
      { ...paramsOf(limits), id: userId, step, sealed: sealedSecret },
      records,
    );
  }

  /** Takes one counted failure back from the account. */
  async refundAccount(userId: number): Promise<void> {
    await this.sql.run('UPDATE users SET failed_count = failed_count - 1 WHERE id = ? AND failed_count > 0', [
      userId,
    ]);
  }

  /** Takes one counted failure back from the address. */
  async refundAddress(address: string): Promise<void> {
    await this.sql.run(
      'UPDATE address_failures SET failed_count = failed_count - 1 WHERE address = ? AND failed_count > 0',
      [address],
    );
  }

  /** Forgets the account's failures. */
  async clearAccount(userId: number): Promise<void> {
    await this.sql.run('UPDATE users SET failed_count = 0, last_failed_at = NULL WHERE id = ?', [userId]);
  }
}
