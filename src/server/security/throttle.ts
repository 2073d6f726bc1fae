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

interface Counter {
  failed_count: number;
  last_failed_at: number | null;
}

export class Throttle {
  private readonly accountRow;
  private readonly addressRow;
  private readonly accountFail;
  private readonly addressFail;
  private readonly accountReset;

  constructor(
    db: Db,
    private readonly clock: ServerClock,
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {
    this.accountRow = db.prepare<[number], Counter>(
      'SELECT failed_count, last_failed_at FROM users WHERE id = ?',
    );
    this.addressRow = db.prepare<[string], Counter>(
      'SELECT failed_count, last_failed_at FROM address_failures WHERE address = ?',
    );
    // A failure after a quiet period of lockMs starts the count again.
    this.accountFail = db.prepare<{ id: number; now: number; lockMs: number }>(
      `UPDATE users SET
         failed_count = CASE WHEN last_failed_at IS NULL OR :now - last_failed_at >= :lockMs THEN 1 ELSE failed_count + 1 END,
         last_failed_at = :now
       WHERE id = :id`,
    );
    this.addressFail = db.prepare<{ address: string; now: number; lockMs: number }>(
      `INSERT INTO address_failures (address, failed_count, last_failed_at) VALUES (:address, 1, :now)
       ON CONFLICT (address) DO UPDATE SET
         failed_count = CASE WHEN :now - last_failed_at >= :lockMs THEN 1 ELSE failed_count + 1 END,
         last_failed_at = :now`,
    );
    this.accountReset = db.prepare<[number]>(
      'UPDATE users SET failed_count = 0, last_failed_at = NULL WHERE id = ?',
    );
  }

  /** Effective failures: a quiet period of lockMs forgets them. */
  private live(counter: Counter | undefined, now: number): Counter {
    if (!counter || counter.last_failed_at === null || now - counter.last_failed_at >= this.policy.lockMs) {
      return { failed_count: 0, last_failed_at: null };
    }
    return counter;
  }

  private blocked(counter: Counter, limits: ThrottlePolicy['account'], now: number): boolean {
    const { failed_count: count, last_failed_at: last } = counter;
    if (count >= limits.lockAfter) return true;
    if (count >= limits.backoffAfter && last !== null) {
      const wait = Math.min(
        this.policy.backoffBaseMs * 2 ** (count - limits.backoffAfter),
        this.policy.backoffMaxMs,
      );
      return now < last + wait;
    }
    return false;
  }

  isLocked(counter: Counter): boolean {
    return this.live(counter, this.clock.nowMs()).failed_count >= this.policy.account.lockAfter;
  }

  /** May this attempt be checked at all? When not, answer exactly as for a wrong one. */
  allows(userId: number | null, address: string | null): boolean {
    const now = this.clock.nowMs();
    if (
      address !== null &&
      this.blocked(this.live(this.addressRow.get(address), now), this.policy.address, now)
    ) {
      return false;
    }
    if (userId === null) return true;
    return !this.blocked(this.live(this.accountRow.get(userId), now), this.policy.account, now);
  }

  /** `address` null: a help-desk check, where the address is the help desk's, not the caller's. */
  recordFailure(userId: number | null, address: string | null): void {
    const now = this.clock.nowMs();
    if (address !== null) this.addressFail.run({ address, now, lockMs: this.policy.lockMs });
    if (userId !== null) this.accountFail.run({ id: userId, now, lockMs: this.policy.lockMs });
  }

  /** A completed login or an admin's unlock. */
  reset(userId: number): void {
    this.accountReset.run(userId);
  }
}
