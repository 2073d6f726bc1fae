import type { Sql } from '../db/sql';

export const SIGN_IN_FACTORS = ['password', 'totp', 'recovery', 'temporary-code', 'trusted-device'] as const;
export type SignInFactor = (typeof SIGN_IN_FACTORS)[number];

export interface SignInRecord {
  at: string;
  address: string | null;
  result: 'ok' | 'refused';
  /** The last factor checked: what let the person in, or what was refused. */
  factor: SignInFactor;
  channel: 'web' | 'api';
}

// Enough for a help desk to see a pattern; older entries are dropped as new ones come.
const KEEP_PER_USER = 200;

/** Each account's recent sign-ins (web pages and admin API), for the help desk's side panel. */
export class SignInHistory {
  constructor(private readonly sql: Sql) {}

  async record(entry: {
    userId: number;
    at: number;
    address: string | null;
    result: 'ok' | 'refused';
    factor: SignInFactor;
    channel: 'web' | 'api';
  }): Promise<void> {
    await this.sql.run(
      'INSERT INTO sign_ins (user_id, at, client_address, result, factor, channel) VALUES (?, ?, ?, ?, ?, ?)',
      [entry.userId, entry.at, entry.address, entry.result, entry.factor, entry.channel],
    );
    // One indexed lookup: the row KEEP_PER_USER back, if any, and everything older goes.
    await this.sql.run(
      `DELETE FROM sign_ins WHERE user_id = :user AND id <= (
         SELECT id FROM sign_ins WHERE user_id = :user ORDER BY id DESC LIMIT 1 OFFSET :keep)`,
      { user: entry.userId, keep: KEEP_PER_USER },
    );
  }

  async recent(userId: number, limit: number): Promise<SignInRecord[]> {
    const rows = await this.sql.all<{
      at: number;
      client_address: string | null;
      result: 'ok' | 'refused';
      factor: SignInFactor;
      channel: 'web' | 'api';
    }>(
      'SELECT at, client_address, result, factor, channel FROM sign_ins WHERE user_id = ? ORDER BY id DESC LIMIT ?',
      [userId, limit],
    );
    return rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      address: row.client_address,
      result: row.result,
      factor: row.factor,
      channel: row.channel,
    }));
  }
}
