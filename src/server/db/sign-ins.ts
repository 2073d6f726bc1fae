import type { Sql } from './sql';
import { SIGN_IN_FACTORS, type SignInFactor } from '../../shared/admin-api/vocabulary';

export { SIGN_IN_FACTORS, type SignInFactor };

export interface SignInRow {
  userId: number;
  at: number;
  address: string | null;
  result: 'ok' | 'refused';
  factor: SignInFactor;
  channel: 'web' | 'api';
}

/** Each account's sign-ins, newest last. */
export class SignInStore {
  constructor(private readonly sql: Sql) {}

  async append(entry: SignInRow): Promise<void> {
    await this.sql.run(
      'INSERT INTO sign_ins (user_id, at, client_address, result, factor, channel) VALUES (?, ?, ?, ?, ?, ?)',
      [entry.userId, entry.at, entry.address, entry.result, entry.factor, entry.channel],
    );
  }

  /** Keeps the account's newest `keep` sign-ins and drops the older ones. */
  async keepNewest(userId: number, keep: number): Promise<void> {
    // One indexed lookup: the row `keep` back, if any, and everything older goes.
    await this.sql.run(
      `DELETE FROM sign_ins WHERE user_id = :user AND id <= (
         SELECT id FROM sign_ins WHERE user_id = :user ORDER BY id DESC LIMIT 1 OFFSET :keep)`,
      { user: userId, keep },
    );
  }

  async newest(userId: number, limit: number): Promise<SignInRow[]> {
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
      userId,
      at: row.at,
      address: row.client_address,
      result: row.result,
      factor: row.factor,
      channel: row.channel,
    }));
  }
}
