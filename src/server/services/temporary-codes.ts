import { randomInt } from 'node:crypto';
import type { TemporaryCodeStore } from '../db/temporary-codes';
import type { ServerMetrics } from '../metrics';
import type { SecretBox } from '../security/secret-box';

import { TEMPORARY_CODE_MAX_USES, TEMPORARY_CODE_MINUTES } from '../../shared/admin-api/vocabulary';

// Entra's Temporary Access Pass limits: from 10 minutes to 8 hours, one use unless asked otherwise.
export const TEMPORARY_CODE_MIN_MS = TEMPORARY_CODE_MINUTES.min * 60_000;
export const TEMPORARY_CODE_MAX_MS = TEMPORARY_CODE_MINUTES.max * 60_000;
export { TEMPORARY_CODE_MAX_USES };

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const LENGTH = 16;
// The help desk's list shows the newest codes only.
const LIST_LIMIT = 50;

export type TemporaryCodeState = 'active' | 'used' | 'expired' | 'revoked' | 'pending';

/** What the help desk sees of a code after it was issued: never the code itself. */
export interface TemporaryCodeInfo {
  id: number;
  createdAt: string;
  expiresAt: string;
  usesAllowed: number;
  uses: number;
  createdBy: string;
  reason: string;
  state: TemporaryCodeState;
}

/** `abcd-efgh-jkmn-pqrs`, any case, with or without dashes; null when it cannot be one. */
export function normalizeTemporaryCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  return compact.length === LENGTH && [...compact].every((c) => ALPHABET.includes(c)) ? compact : null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Temporary access codes (Entra's Temporary Access Pass, Okta's bypass code): issued by
 * the help desk for a user who lost their authenticator, shown once, stored as a keyed hash.
 */
export class TemporaryCodes {
  constructor(
    private readonly codes: TemporaryCodeStore,
    private readonly box: SecretBox,
    private readonly metrics?: ServerMetrics,
  ) {}

  private hash(userId: number, code: string): string {
    return this.box.mac(`temporary-code:${userId}:${code}`);
  }

  async issue(
    userId: number,
    options: {
      lifetimeMs: number;
      uses: number;
      actor: string;
      reason: string;
      now: number;
      /** After a cooldown: the code works from then on, for its whole lifetime. */
      activeFrom?: number | null;
    },
  ): Promise<{ id: number; code: string; expiresAt: number }> {
    let compact = '';
    for (let i = 0; i < LENGTH; i++) compact += ALPHABET[randomInt(ALPHABET.length)];
    const expiresAt = (options.activeFrom ?? options.now) + options.lifetimeMs;
    const id = await this.codes.insert({
      userId,
      codeHash: this.hash(userId, compact),
      createdAt: options.now,
      expiresAt,
      usesAllowed: options.uses,
      createdBy: options.actor,
      reason: options.reason,
      activeFrom: options.activeFrom ?? null,
    });
    const code = compact.match(/.{4}/g)?.join('-') ?? compact;
    this.metrics?.temporaryCodesIssued.inc();
    return { id, code, expiresAt };
  }

  async list(userId: number, now: number): Promise<TemporaryCodeInfo[]> {
    const rows = await this.codes.newest(userId, LIST_LIMIT);
    return rows.map((row) => ({
      id: row.id,
      createdAt: iso(row.createdAt),
      expiresAt: iso(row.expiresAt),
      usesAllowed: row.usesAllowed,
      uses: row.uses,
      createdBy: row.createdBy,
      reason: row.reason,
      state:
        row.revokedAt !== null
          ? 'revoked'
          : row.uses >= row.usesAllowed
            ? 'used'
            : row.expiresAt <= now
              ? 'expired'
              : row.activeFrom !== null && row.activeFrom > now
                ? 'pending'
                : 'active',
    }));
  }

  /** Revokes one live code; false when there is no such live code. */
  async revoke(userId: number, id: number, now: number): Promise<boolean> {
    return this.codes.revokeLive(userId, id, now);
  }

  /** Whether `input` is a live code of the account, spending nothing. */
  async isLive(userId: number, input: string, now: number): Promise<boolean> {
    const code = normalizeTemporaryCode(input);
    if (code === null) return false;
    return this.codes.isLive(userId, this.hash(userId, code), now);
  }

  /** Spends one use of a live code in one statement, so two sign-ins cannot share a last use. */
  async use(userId: number, input: string, now: number): Promise<boolean> {
    const code = normalizeTemporaryCode(input);
    if (code === null) return false;
    const spent = await this.codes.spend(userId, this.hash(userId, code), now);
    if (spent) this.metrics?.temporaryCodesUsed.inc();
    return spent;
  }
}
