import { forUpdate, type Sql } from './sql';
import { spendStep, type SpendRecords } from './step-spend';

/**
 * An account's second factor: its sealed TOTP secret and the last time step accepted
 * (columns of users), and its recovery codes (recovery_codes, keyed hashes only).
 */
export class TwoFactorStore {
  constructor(private readonly sql: Sql) {}

  /** Keeps a sealed secret awaiting its first code (enrollment in progress). */
  async setPending(userId: number, sealedSecret: Buffer, at: number): Promise<void> {
    await this.sql.run('UPDATE users SET totp_pending_secret = ?, totp_pending_at = ? WHERE id = ?', [
      sealedSecret,
      at,
      userId,
    ]);
  }

  /**
   * Makes the pending secret the account's (sealed anew as `sealedSecret`) and records
   * `step` as accepted; clears the pending secret and any required action. Only while the
   * pending secret is still `pending`: false when another enrollment replaced it.
   */
  async enable(
    userId: number,
    change: { pending: Buffer; sealedSecret: Buffer; step: number; at: number },
  ): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE users SET totp_secret = ?, totp_enabled_at = ?, totp_last_used_at = ?, totp_last_step = ?,
         totp_pending_secret = NULL, totp_pending_at = NULL, required_action = NULL
       WHERE id = ? AND totp_pending_secret = ?`,
      [change.sealedSecret, change.at, change.at, change.step, userId, change.pending],
    );
    return result.changes === 1;
  }

  /**
   * Accepts time step `step` for the account, once: true only for the call that moved the
   * account's last accepted step forward. One conditional statement, atomic in both
   * databases (across server processes too), and only while the secret is still
   * `sealedSecret` (the caller's row may have been read before a reset); `records` are
   * written with it (step-spend.ts).
   */
  async acceptTimeStep(
    userId: number,
    sealedSecret: Buffer,
    step: number,
    at: number,
    records: SpendRecords = {},
  ): Promise<boolean> {
    return spendStep(
      this.sql,
      userId,
      `UPDATE users SET totp_last_step = :step, totp_last_used_at = :now
       WHERE id = :id AND totp_secret = :sealed AND (totp_last_step IS NULL OR totp_last_step < :step)
       RETURNING id`,
      { id: userId, step, now: at, sealed: sealedSecret },
      records,
    );
  }

  /** Records a use of 2FA that was not a time step (a recovery code). */
  async markUsed(userId: number, at: number): Promise<void> {
    await this.sql.run('UPDATE users SET totp_last_used_at = ? WHERE id = ?', [at, userId]);
  }

  /**
   * Whether the account has 2FA on, its row locked until the transaction ends (call
   * inside one): a concurrent change of its 2FA waits. False for no such account.
   */
  async lockEnabled(userId: number): Promise<boolean> {
    const row = await this.sql.get<{ totp_enabled_at: number | null }>(
      `SELECT totp_enabled_at FROM users WHERE id = ?${forUpdate(this.sql)}`,
      [userId],
    );
    return row !== undefined && row.totp_enabled_at !== null;
  }

  /** Forgets the secret, the pending one and the last accepted step: 2FA is off. */
  async clear(userId: number): Promise<void> {
    await this.sql.run(
      `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,
         totp_pending_secret = NULL, totp_pending_at = NULL WHERE id = ?`,
      [userId],
    );
  }

  /** The account's recovery codes become these (keyed hashes); call inside a transaction. */
  async replaceRecoveryCodes(userId: number, codeHashes: readonly string[]): Promise<void> {
    await this.deleteRecoveryCodes(userId);
    for (const codeHash of codeHashes) {
      await this.sql.run('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)', [userId, codeHash]);
    }
  }

  async deleteRecoveryCodes(userId: number): Promise<void> {
    await this.sql.run('DELETE FROM recovery_codes WHERE user_id = ?', [userId]);
  }

  /** Marks one unused recovery code with this hash used, in one statement; false when there is none. */
  async spendRecoveryCode(userId: number, codeHash: string, at: number): Promise<boolean> {
    // `used_at IS NULL` outside the subquery too: PostgreSQL re-checks only the outer
    // condition when a concurrent use of the same code commits first.
    const result = await this.sql.run(
      `UPDATE recovery_codes SET used_at = ?
       WHERE used_at IS NULL
         AND id = (SELECT id FROM recovery_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL LIMIT 1)`,
      [at, userId, codeHash],
    );
    return result.changes === 1;
  }

  async recoveryCodesLeft(userId: number): Promise<number> {
    const row = await this.sql.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL',
      [userId],
    );
    return row?.n ?? 0;
  }
}
