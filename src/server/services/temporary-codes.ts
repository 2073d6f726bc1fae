import { randomInt } from 'node:crypto';
import type { Sql } from '../db/sql';
import type { SecretBox } from '../security/secret-box';

// Entra's Temporary Access Pass limits: from 10 minutes to 8 hours, one use unless asked otherwise.
export const TEMPORARY_CODE_MIN_MS = 10 * 60_000;
export const TEMPORARY_CODE_MAX_MS = 8 * 60 * 60_000;
export const TEMPORARY_CODE_MAX_USES = 10;

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const LENGTH = 16;

export type TemporaryCodeState = 'active' | 'used' | 'expired' | 'revoked';

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

interface Row {
  id: number;
  created_at: number;
  expires_at: number;
  uses_allowed: number;
  uses: number;
  created_by: string;
  reason: string;
  revoked_at: number | null;
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
    private readonly sql: Sql,
    private readonly box: SecretBox,
  ) {}

  private hash(userId: number, code: string): string {
    return this.box.mac(`temporary-code:${userId}:${code}`);
  }

  async issue(
    userId: number,
    options: { lifetimeMs: number; uses: number; actor: string; reason: string; now: number },
  ): Promise<{ id: number; code: string; expiresAt: number }> {
    let compact = '';
    for (let i = 0; i < LENGTH; i++) compact += ALPHABET[randomInt(ALPHABET.length)];
    const expiresAt = options.now + options.lifetimeMs;
    const row = (await this.sql.get<{ id: number }>(
      `INSERT INTO temp_codes (user_id, code_hash, created_at, expires_at, uses_allowed, created_by, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        userId,
        this.hash(userId, compact),
        options.now,
        expiresAt,
        options.uses,
        options.actor,
        options.reason,
      ],
    )) as { id: number };
    const code = compact.match(/.{4}/g)?.join('-') ?? compact;
    return { id: row.id, code, expiresAt };
  }

  async list(userId: number, now: number): Promise<TemporaryCodeInfo[]> {
    const rows = await this.sql.all<Row>(
      'SELECT * FROM temp_codes WHERE user_id = ? ORDER BY id DESC LIMIT 50',
      [userId],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: iso(row.created_at),
      expiresAt: iso(row.expires_at),
      usesAllowed: row.uses_allowed,
      uses: row.uses,
      createdBy: row.created_by,
      reason: row.reason,
      state:
        row.revoked_at !== null
          ? 'revoked'
          : row.uses >= row.uses_allowed
            ? 'used'
            : row.expires_at <= now
              ? 'expired'
              : 'active',
    }));
  }

  /** Revokes one live code; false when there is no such live code. */
  async revoke(userId: number, id: number, now: number): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE temp_codes SET revoked_at = ?
       WHERE id = ? AND user_id = ? AND revoked_at IS NULL AND uses < uses_allowed AND expires_at > ?`,
      [now, id, userId, now],
    );
    return result.changes === 1;
  }

  /** Spends one use of a live code in one statement, so two sign-ins cannot share a last use. */
  async use(userId: number, input: string, now: number): Promise<boolean> {
    const code = normalizeTemporaryCode(input);
    if (code === null) return false;
    const result = await this.sql.run(
      `UPDATE temp_codes SET uses = uses + 1
       WHERE code_hash = ? AND user_id = ? AND revoked_at IS NULL AND uses < uses_allowed AND expires_at > ?`,
      [this.hash(userId, code), userId, now],
    );
    return result.changes === 1;
  }
}
