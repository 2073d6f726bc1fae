import type { ServerClock } from '../clock';
import type { Db } from '../db/connection';

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

// A quiet period of lockMs forgets earlier failures: the attempt counts as the first again.
const QUIET = 'last_failed_at IS NULL OR :now - last_failed_at >= :lockMs';
const COUNT = `CASE WHEN ${QUIET} THEN 1 ELSE failed_count + 1 END`;

/**
 * May one more attempt be counted? Not once `lockAfter` failures are counted, nor
 * during the back-off after `backoffAfter` (doubling, capped; the shift is bounded
 * so it cannot overflow). Plain SQL that SQLite and PostgreSQL both read.
 */
function openFor(limits: 'account' | 'address'): string {
  const shift = `(failed_count - :${limits}BackoffAfter)`;
  const wait = `CASE WHEN ${shift} >= 30 OR :base * (1 << ${shift}) > :max THEN :max ELSE :base * (1 << ${shift}) END`;
  return `(${QUIET}) OR (failed_count < :${limits}LockAfter AND (failed_count < :${limits}BackoffAfter OR :now >= last_failed_at + ${wait}))`;
}

/**
 * Attempts are reserved before any slow work (hashing a password): each is
 * counted as a failure in one conditional statement that also checks the limits,
 * so a burst of simultaneous guesses cannot all pass a check made before any of
 * them is counted; this holds across server processes sharing the database,
 * whose writes it serialises. A right answer refunds its reservation.
 */
export class Throttle {
  private readonly reserveAccount;
  private readonly reserveAddress;
  private readonly refundAccount;
  private readonly refundAddress;
  private readonly accountReset;
  private readonly reserveBoth;

  constructor(
    private readonly db: Db,
    private readonly clock: ServerClock,
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {
    this.reserveAccount = db.prepare<Record<string, number>>(
      `UPDATE users SET failed_count = ${COUNT}, last_failed_at = :now
       WHERE id = :id AND (${openFor('account')})`,
    );
    this.reserveAddress = db.prepare<Record<string, number | string>>(
      `INSERT INTO address_failures (address, failed_count, last_failed_at) VALUES (:address, 1, :now)
       ON CONFLICT (address) DO UPDATE SET failed_count = ${COUNT}, last_failed_at = :now
       WHERE ${openFor('address')}`,
    );
    this.refundAccount = db.prepare<[number]>(
      'UPDATE users SET failed_count = failed_count - 1 WHERE id = ? AND failed_count > 0',
    );
    this.refundAddress = db.prepare<[string]>(
      'UPDATE address_failures SET failed_count = failed_count - 1 WHERE address = ? AND failed_count > 0',
    );
    this.accountReset = db.prepare<[number]>(
      'UPDATE users SET failed_count = 0, last_failed_at = NULL WHERE id = ?',
    );
    // Both counters or neither: an address refused does not count against the account, and the reverse.
    this.reserveBoth = db.transaction((userId: number | null, address: string | null): boolean => {
      const params = this.params();
      if (address !== null && this.reserveAddress.run({ ...params, address }).changes !== 1) return false;
      if (userId !== null && this.reserveAccount.run({ ...params, id: userId }).changes !== 1) {
        throw new Refused();
      }
      return true;
    });
  }

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

  /**
   * Counts an attempt as failed before it is checked. Null: the limits are
   * reached, so the attempt must not be checked (answer as for a wrong one).
   * `address` null: a help-desk check, where the address is the help desk's, not the caller's.
   */
  reserve(userId: number | null, address: string | null): Reservation | null {
    try {
      return this.reserveBoth.immediate(userId, address) ? { userId, address } : null;
    } catch (error) {
      if (error instanceof Refused) return null;
      throw error;
    }
  }

  /** The attempt was right: it no longer counts as a failure. */
  refund(reservation: Reservation): void {
    this.db.transaction(() => {
      if (reservation.address !== null) this.refundAddress.run(reservation.address);
      if (reservation.userId !== null) this.refundAccount.run(reservation.userId);
    })();
  }

  /** A quick check (a code) under the limits: reserved first, refunded when it gives an answer. */
  attempt<T>(userId: number | null, address: string | null, check: () => T | null): T | null {
    const reservation = this.reserve(userId, address);
    if (reservation === null) return null;
    const result = check();
    if (result !== null) this.refund(reservation);
    return result;
  }

  /** A completed login or an admin's unlock. */
  reset(userId: number): void {
    this.accountReset.run(userId);
  }
}

/** Rolls back the address's count when the account refuses. */
class Refused extends Error {}
