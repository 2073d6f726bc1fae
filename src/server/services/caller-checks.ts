import { randomInt } from 'node:crypto';
import { CALLER_CHECK_RESULTS, type CallerCheckResultName } from '../../shared/admin-api/vocabulary';
import type { Stores } from '../db/stores';
import type { SecretBox } from '../security/secret-box';

export const CALLER_CHECK_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Each check emails the account's owner, so starting them is limited: per account (the
 * owner's inbox) and per help-desk member (one member's mistake or stolen session).
 */
export const CALLER_CHECK_LIMITS = {
  perAccount: { count: 3, windowMs: 15 * 60_000 },
  perMember: { count: 20, windowMs: 60 * 60_000 },
} as const;

/** A check not started because a limit is reached: for whom, and when the next one can be. */
export class CallerCheckLimited extends Error {
  override name = 'CallerCheckLimited';
  constructor(
    readonly limit: keyof typeof CALLER_CHECK_LIMITS,
    readonly retryAfterMs: number,
  ) {
    super(`caller checks limited (${limit})`);
  }
}

export { CALLER_CHECK_RESULTS };
export type CallerCheckResult = CallerCheckResultName;

/**
 * Out-of-band verification of a caller before a destructive action: a six-digit code
 * is emailed to the account's owner and read back to the help desk. Stored as a keyed hash.
 */
export class CallerChecks {
  constructor(
    private readonly stores: Pick<Stores, 'callerChecks' | 'transaction'>,
    private readonly box: SecretBox,
  ) {}

  private hash(id: number, code: string): string {
    return this.box.mac(`caller-check:${id}:${code}`);
  }

  /**
   * Starts a check of `userId`'s caller by the help-desk member `actor`, within the limits
   * (else throws CallerCheckLimited, starting nothing). The accounts of both are locked
   * while the recent checks are counted, so simultaneous starts cannot all pass the count.
   */
  async start(
    userId: number,
    actor: { id: number; login: string },
    now: number,
  ): Promise<{ id: number; code: string; expiresAt: number }> {
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const expiresAt = now + CALLER_CHECK_TTL_MS;
    const checks = this.stores.callerChecks;
    return this.stores.transaction(async () => {
      await checks.lockAccounts([userId, actor.id]);
      const { perAccount, perMember } = CALLER_CHECK_LIMITS;
      for (const [limit, who, { count, windowMs }] of [
        ['perAccount', { userId }, perAccount],
        ['perMember', { actor: actor.login }, perMember],
      ] as const) {
        const recent = await checks.startedSince(who, now - windowMs);
        if (recent.count >= count) {
          // A slot frees when the oldest check in the window leaves it.
          throw new CallerCheckLimited(limit, Math.max(1_000, (recent.oldest ?? now) + windowMs - now));
        }
      }
      const id = await checks.insert({ userId, actor: actor.login, createdAt: now, expiresAt });
      await checks.setCodeHash(id, this.hash(id, code));
      return { id, code, expiresAt };
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
    return this.stores.transaction(async (): Promise<CallerCheckResult> => {
      // Locked until the attempt is counted, so simultaneous answers cannot share one attempt.
      const row = await this.stores.callerChecks.find(id, userId, actor, { lock: true });
      if (!row) return 'unknown';
      if (row.matchedAt !== null) return 'matched';
      if (row.expiresAt <= now) return 'expired';
      if (row.attempts >= MAX_ATTEMPTS) return 'too-many-attempts';
      const code = input.replace(/\s/g, '');
      const matched = /^\d{6}$/.test(code) && this.hash(id, code) === row.codeHash;
      await this.stores.callerChecks.countAttempt(id, matched ? now : null);
      return matched ? 'matched' : 'wrong';
    });
  }
}
