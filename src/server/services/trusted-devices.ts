import type { Db } from '../db/connection';
import type { SecretBox } from '../security/secret-box';
import { newToken } from '../security/tokens';

export const TRUSTED_DEVICE_TTL_MS = 30 * 24 * 60 * 60_000;

/** "Don't ask again on this device": a random cookie, stored as a keyed hash, tied to one account. */
export class TrustedDevices {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  issue(userId: number, now: number): { cookie: string; expiresAt: number } {
    const cookie = newToken();
    const expiresAt = now + TRUSTED_DEVICE_TTL_MS;
    this.db
      .prepare(
        'INSERT INTO trusted_devices (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(this.box.mac(`device:${cookie}`), userId, now, expiresAt);
    return { cookie, expiresAt };
  }

  isTrusted(cookie: string | undefined, userId: number, now: number): boolean {
    if (cookie === undefined || cookie === '') return false;
    const row = this.db
      .prepare('SELECT 1 FROM trusted_devices WHERE token_hash = ? AND user_id = ? AND expires_at > ?')
      .get(this.box.mac(`device:${cookie}`), userId, now);
    return row !== undefined;
  }

  /** The account's devices still trusted at `now`, oldest first (the rowid names one without revealing its hash). */
  list(userId: number, now: number): { id: number; createdAt: number; expiresAt: number }[] {
    return this.db
      .prepare(
        `SELECT rowid AS id, created_at AS createdAt, expires_at AS expiresAt FROM trusted_devices
         WHERE user_id = ? AND expires_at > ? ORDER BY created_at, rowid`,
      )
      .all(userId, now) as { id: number; createdAt: number; expiresAt: number }[];
  }

  /** Forgets every trusted device of the account; returns how many were still trusted. */
  revokeAll(userId: number, now: number): number {
    const live = this.list(userId, now).length;
    this.db.prepare('DELETE FROM trusted_devices WHERE user_id = ?').run(userId);
    return live;
  }
}
