import type { ServerClock } from '../clock';
import type { AttemptLimits } from '../db/failed-attempts';
import type { SpendRecords } from '../db/step-spend';
import type { Stores } from '../db/stores';
import type { ServerMetrics } from '../metrics';
import { addressKey } from './address-key';

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

/**
 * Attempts are reserved before any slow work (hashing a password): each is
 * counted as a failure in one conditional statement that also checks the limits,
 * so a burst of simultaneous guesses cannot all pass a check made before any of
 * them is counted; this holds across server processes sharing the database,
 * whose writes it serialises. A right answer refunds its reservation.
 */
export class Throttle {
  constructor(
    private readonly stores: Pick<Stores, 'failedAttempts' | 'transaction'>,
    private readonly clock: ServerClock,
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly metrics?: ServerMetrics,
  ) {}

  /** Counts a failure against the account; false when its limits refuse. The failure that locks it is a lockout. */
  private async countAccountFailure(userId: number, limits: AttemptLimits): Promise<boolean> {
    const failures = await this.stores.failedAttempts.reserveForAccount(userId, limits);
    if (failures === this.policy.account.lockAfter) this.metrics?.lockouts.inc();
    return failures !== null;
  }

  /** The limits of the account's or the address's counter, at `now`. */
  private limits(of: 'account' | 'address', now: number): AttemptLimits {
    const { policy } = this;
    return {
      now,
      backoffAfter: policy[of].backoffAfter,
      lockAfter: policy[of].lockAfter,
      lockMs: policy.lockMs,
      backoffBaseMs: policy.backoffBaseMs,
      backoffMaxMs: policy.backoffMaxMs,
    };
  }

  /**
   * Counts an attempt as failed before it is checked. Null: the limits are
   * reached, so the attempt must not be checked (answer as for a wrong one).
   * `address` null: a help-desk check, where the address is the help desk's, not the caller's.
   * An address is counted under its key (an IPv6 address under its /64: see address-key.ts).
   */
  async reserve(userId: number | null, clientAddress: string | null): Promise<Reservation | null> {
    const address = clientAddress === null ? null : addressKey(clientAddress);
    const now = this.clock.nowMs();
    const counters = this.stores.failedAttempts;
    const reserveAccount = (id: number) => this.countAccountFailure(id, this.limits('account', now));
    const reserveAddress = (at: string) => counters.reserveForAddress(at, this.limits('address', now));
    // One counter: one statement. Both: both or neither, so an address refused does not
    // count against the account, and the reverse.
    if (address === null) {
      return userId === null || (await reserveAccount(userId)) ? { userId, address } : null;
    }
    if (userId === null) return (await reserveAddress(address)) ? { userId, address } : null;
    try {
      return await this.stores.transaction(async () => {
        if (!(await reserveAddress(address))) return null;
        if (!(await reserveAccount(userId))) throw new Refused();
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
    if (reservation.address !== null) await this.stores.failedAttempts.refundAddress(reservation.address);
    if (reservation.userId !== null) await this.stores.failedAttempts.refundAccount(reservation.userId);
  }

  /**
   * A quick check (a code) under the limits: reserved first, refunded when it gives an answer.
   * `onLimited` hears of a refusal by the limits (the check did not run).
   */
  async attempt<T>(
    userId: number | null,
    address: string | null,
    check: () => Promise<T | null>,
    onLimited?: () => void,
  ): Promise<T | null> {
    const reservation = await this.reserve(userId, address);
    if (reservation === null) {
      onLimited?.();
      return null;
    }
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
   * by the limits takes as long as a wrong one. 'limited': the limits refused it, uncounted.
   * `records` are written by that first statement too (db/step-spend.ts).
   */
  async spendStepWithinLimits(
    userId: number,
    spend: { step: number; sealed: Buffer } | null,
    records: SpendRecords = {},
  ): Promise<'accepted' | 'refused' | 'limited'> {
    const now = this.clock.nowMs();
    const limits = this.limits('account', now);
    const counters = this.stores.failedAttempts;
    const step = spend?.step ?? -1;
    if (await counters.acceptTimeStepWithinLimits(userId, spend?.sealed ?? NO_SECRET, step, limits, records))
      return 'accepted';
    return (await this.countAccountFailure(userId, limits)) ? 'refused' : 'limited';
  }

  /** A completed login or an admin's unlock. */
  async reset(userId: number): Promise<void> {
    await this.stores.failedAttempts.clearAccount(userId);
  }
}

/** Matches no stored secret: the statement a wrong code runs spends nothing. */
const NO_SECRET = Buffer.alloc(0);

/** Rolls back the address's count when the account refuses. */
class Refused extends Error {}
