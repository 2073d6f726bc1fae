import type { Sql } from './sql';

/** A trusted device as stored: its cookie's keyed hash, never the cookie. */
export interface TrustedDeviceRow {
  deviceId: string;
  name: string | null;
  createdAt: number;
  lastSeenAt: number | null;
  lastAddress: string | null;
  expiresAt: number;
}

/** "Don't ask again on this device" (trusted_devices). */
export class TrustedDeviceStore {
  constructor(private readonly sql: Sql) {}

  async insert(device: {
    tokenHash: string;
    userId: number;
    deviceId: string;
    name: string;
    address: string | null;
    createdAt: number;
    expiresAt: number;
  }): Promise<void> {
    await this.sql.run(
      `INSERT INTO trusted_devices
         (token_hash, user_id, created_at, expires_at, device_id, name, last_seen_at, last_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        device.tokenHash,
        device.userId,
        device.createdAt,
        device.expiresAt,
        device.deviceId,
        device.name,
        device.createdAt,
        device.address,
      ],
    );
  }

  /**
   * Whether a live device of this account has this hash; a match records when it was
   * seen and from where (a null address keeps the last one), in the same statement.
   */
  async touchLive(tokenHash: string, userId: number, now: number, address: string | null): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE trusted_devices SET last_seen_at = :now, last_address = COALESCE(:address, last_address)
       WHERE token_hash = :hash AND user_id = :userId AND expires_at > :now`,
      { now, address, hash: tokenHash, userId },
    );
    return result.changes === 1;
  }

  /** The account's live devices, the most recently seen first. */
  async live(userId: number, now: number): Promise<TrustedDeviceRow[]> {
    const rows = await this.sql.all<{
      device_id: string;
      name: string | null;
      created_at: number;
      last_seen_at: number | null;
      last_address: string | null;
      expires_at: number;
    }>(
      `SELECT device_id, name, created_at, last_seen_at, last_address, expires_at FROM trusted_devices
         WHERE user_id = ? AND expires_at > ? ORDER BY COALESCE(last_seen_at, created_at) DESC`,
      [userId, now],
    );
    return rows.map((row) => ({
      deviceId: row.device_id,
      name: row.name,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      lastAddress: row.last_address,
      expiresAt: row.expires_at,
    }));
  }

  /** Deletes one device of the account; false when it has no such device. */
  async delete(userId: number, deviceId: string): Promise<boolean> {
    const result = await this.sql.run('DELETE FROM trusted_devices WHERE user_id = ? AND device_id = ?', [
      userId,
      deviceId,
    ]);
    return result.changes === 1;
  }

  async deleteAllFor(userId: number): Promise<void> {
    await this.sql.run('DELETE FROM trusted_devices WHERE user_id = ?', [userId]);
  }
}
