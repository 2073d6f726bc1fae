import { randomInt } from 'node:crypto';
import type { Stores } from '../db/stores';
import type { SecretBox } from '../security/secret-box';

export const CALLER_CHECK_TTL_MS = 10 * 60_000;
/** A matched check counts for a destructive action within this time. */
export const CALLER_CHECK_VALID_MS = 30 * 60_000;
const MAX_ATTEMPTS = 5;

export const CALLER_CHECK_RESULTS = ['matched', 'wrong', 'expired', 'too-many-attempts', 'unknown'] as const;
export type CallerCheckResult = (typeof CALLER_CHECK_RESULTS)[number];

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

  async start(
    userId: number,
    actor: string,
    now: number,
  ): Promise<{ id: number; code: string; expiresAt: number }> {
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const expiresAt = now + CALLER_CHECK_TTL_MS;
    return this.stores.transaction(async () => {
      const id = await this.stores.callerChecks.insert({ userId, actor, createdAt: now, expiresAt });
      await this.stores.callerChecks.setCodeHash(id, this.hash(id, code));
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

  /** Whether this help-desk member verified this caller recently (for the audit record of a reset). */
  async recentlyMatched(id: number, userId: number, actor: string, now: number): Promise<boolean> {
    const row = await this.stores.callerChecks.find(id, userId, actor);
    return row?.matchedAt != null && now - row.matchedAt <= CALLER_CHECK_VALID_MS;
  }
}
