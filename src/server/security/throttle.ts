import type { ServerClock } from '../clock';
import type { Sql } from '../db/sql';

/**
 * Failed password and code attempts, counted per account and per client address.
 * After `backoffAfter` failures each further attempt must wait (doubling from
 * `backoffBaseMs`, at most a minute); after `lockAfter` failures nothing is
 * accepted until an admin unlocks or `lockMs` pass without a failure. Refusals
 * look exactly like wrong answers, so a locked account cannot be told apart.
 */
export interface ThrottlePolicy {
  readonly account: { readonly backoffAfter: number; readonly lockAfter: number };
  readonly address: { readonly backoffAfter: number; readonly lockAfter: number };
  readonly lockMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  account: { backoffAfter: 5, lockAfter: 10 },
  address: { backoffAfter: 20, lockAfter: 50 },
  lockMs: 15 * 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
};

/** An attempt counted in advance as a failure; handed back with `refund` when it turns out right. */
export interface Reservation {
  readonly userId: number | null;
  readonly address: string | null;
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
function openFor(t: string, limits: 'account' | 'address'): string {
  const shift = `(${t}.failed_count - :${limits}BackoffAfter)`;
  // BIGINT: PostgreSQL's INTEGER would overflow where SQLite's 64-bit integers do not.
  const backoff = `CAST(:base AS BIGINT) * (1 << ${shift})`;
  const wait = `CASE WHEN ${shift} >= 30 OR ${backoff} > :max THEN :max ELSE ${backoff} END`;
  return `(${quiet(t)}) OR (${t}.failed_count < :${limits}LockAfter AND (${t}.failed_count < :${limits}BackoffAfter OR :now >= ${t}.last_failed_at + ${wait}))`;
}

/**
 * Attempts are reserved before any slow work (hashing a password): each is
 * counted as a failure in one conditional statement that also checks the limits,
 * so a burst of simultaneous guesses cannot all pass a check made before any of
 * them is counted; this holds across server processes sharing the database,
 * whose writes it serialises. A right answer refunds its reservation.
 */
export class Throttle {
  constructor(
    private readonly sql: Sql,
    private readonly clock: ServerClock,
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  private params(): Record<string, number> {
    const { policy } = this;
    return {
      now: this.clock.nowMs(),
      lockMs: policy.lockMs,
      base: policy.backoffBaseMs,
      max: policy.backoffMaxMs,
      accountBackoffAfter: policy.account.backoffAfter,
      accountLockAfter: policy.account.lockAfter,
      addressBackoffAfter: policy.address.backoffAfter,
      addressLockAfter: policy.address.lockAfter,
    };
  }

  private async reserveAccount(id: number, params: Record<string, number>): Promise<boolean> {
    const { changes } = await this.sql.run(
      `UPDATE users SET failed_count = ${count('users')}, last_failed_at = :now
       WHERE id = :id AND (${openFor('users', 'account')})`,
      { ...params, id },
    );
    return changes === 1;
  }

  private async reserveAddress(address: string, params: Record<string, number>): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO address_failures (address, failed_count, last_failed_at) VALUES (:address, 1, :now)
       ON CONFLICT (address) DO UPDATE SET failed_count = ${count('address_failures')}, last_failed_at = :now
       WHERE ${openFor('address_failures', 'address')}`,
      { ...params, address },
    );
    return changes === 1;
  }

  /**
   * Counts an attempt as failed before it is checked. Null: the limits are
   * reached, so the attempt must not be checked (answer as for a wrong one).
   * `address` null: a help-desk check, where the address is the help desk's, not the caller's.
   */
  async reserve(userId: number | null, address: string | null): Promise<Reservation | null> {
    const params = this.params();
    // One counter: one statement. Both: both or neither, so an address refused does not
    // count against the account, and the reverse.
    if (address === null) {
      return userId === null || (await this.reserveAccount(userId, params)) ? { userId, address } : null;
    }
    if (userId === null) return (await this.reserveAddress(address, params)) ? { userId, address } : null;
    try {
      return await this.sql.transaction(async () => {
        if (!(await this.reserveAddress(address, params))) return null;
        if (!(await this.reserveAccount(userId, params))) throw new Refused();
        return { userId, address };
      });
    } catch (error) {
      if (error instanceof Refused) return null;
      throw error;
    }
  }

  /**
   * The attempt was right: it no longer counts as a failure. Each counter on its own
   * (no transaction on the hot path): a refund lost to a crash leaves one failure counted.
   */
  async refund(reservation: Reservation): Promise<void> {
    if (reservation.address !== null) {
      await this.sql.run(
        'UPDATE address_failures SET failed_count = failed_count - 1 WHERE address = ? AND failed_count > 0',
        [reservation.address],
      );
    }
    if (reservation.userId !== null) {
      await this.sql.run(
        'UPDATE users SET failed_count = failed_count - 1 WHERE id = ? AND failed_count > 0',
        [reservation.userId],
      );
    }
  }

  /** A quick check (a code) under the limits: reserved first, refunded when it gives an answer. */
  async attempt<T>(
    userId: number | null,
    address: string | null,
    check: () => Promise<T | null>,
  ): Promise<T | null> {
    const reservation = await this.reserve(userId, address);
    if (reservation === null) return null;
    const result = await check();
    if (result !== null) await this.refund(reservation);
    return result;
  }

  /**
   * A code check against the account's limits in as few statements as the answer allows:
   * `spend` (the step a right code matched, with the secret it matched) is accepted in one
   * statement that also checks the limits and the replay guard, and forgets failures older
   * than the quiet period. Anything else is counted as a failure, as `reserve` would. A
   * wrong code runs the same first statement (spending nothing), so a right code refused
   * by the limits takes as long as a wrong one.
   */
  async spendStepWithinLimits(
    userId: number,
    spend: { step: number; sealed: Buffer } | null,
  ): Promise<boolean> {
    const params = this.params();
    const { changes } = await this.sql.run(
      `UPDATE users SET totp_last_step = :step, totp_last_used_at = :now,
         failed_count = CASE WHEN ${quiet('users')} THEN 0 ELSE users.failed_count END
       WHERE id = :id AND totp_secret = :sealed AND (totp_last_step IS NULL OR totp_last_step < :step)
         AND (${openFor('users', 'account')})`,
      { ...params, id: userId, step: spend?.step ?? -1, sealed: spend?.sealed ?? NO_SECRET },
    );
    if (changes === 1) return true;
    await this.reserveAccount(userId, params);
    return false;
  }

  /** A completed login or an admin's unlock. */
  async reset(userId: number): Promise<void> {
    await this.sql.run('UPDATE users SET failed_count = 0, last_failed_at = NULL WHERE id = ?', [userId]);
  }
}

/** Matches no stored secret: the statement a wrong code runs spends nothing. */
const NO_SECRET = Buffer.alloc(0);

/** Rolls back the address's count when the account refuses. */
class Refused extends Error {}
