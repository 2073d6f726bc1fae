import { randomBytes } from 'node:crypto';
import Bowser from 'bowser';
import type { Sql } from '../db/sql';
import type { SecretBox } from '../security/secret-box';
import { newToken } from '../security/tokens';

export const TRUSTED_DEVICE_TTL_MS = 30 * 24 * 60 * 60_000;

/** What the help desk sees of a trusted device: never its cookie. */
export interface TrustedDeviceInfo {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  address: string | null;
  expiresAt: string;
}

/** "Chrome on Linux", from the User-Agent header (what a person recognises in a list). */
export function deviceName(userAgent: string | undefined): string {
  if (userAgent === undefined || userAgent === '') return 'Unknown browser';
  const parser = Bowser.getParser(userAgent.slice(0, 500));
  const browser = parser.getBrowserName() || 'Unknown browser';
  const os = parser.getOSName();
  return os ? `${browser} on ${os}` : browser;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** "Don't ask again on this device": a random cookie, stored as a keyed hash, tied to one account. */
export class TrustedDevices {
  constructor(
    private readonly sql: Sql,
    private readonly box: SecretBox,
  ) {}

  async issue(
    userId: number,
    now: number,
    seen: { name?: string; address?: string | null } = {},
  ): Promise<{ cookie: string; expiresAt: number; id: string }> {
    const cookie = newToken();
    const expiresAt = now + TRUSTED_DEVICE_TTL_MS;
    const id = randomBytes(6).toString('hex');
    await this.sql.run(
      `INSERT INTO trusted_devices
         (token_hash, user_id, created_at, expires_at, device_id, name, last_seen_at, last_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.box.mac(`device:${cookie}`),
        userId,
        now,
        expiresAt,
        id,
        seen.name ?? 'Unknown browser',
        now,
        seen.address ?? null,
      ],
    );
    return { cookie, expiresAt, id };
  }

  /** Whether the cookie is a live trusted device of this account; a match records when and from where. */
  async isTrusted(
    cookie: string | undefined,
    userId: number,
    now: number,
    address?: string,
  ): Promise<boolean> {
    if (cookie === undefined || cookie === '') return false;
    const result = await this.sql.run(
      `UPDATE trusted_devices SET last_seen_at = :now, last_address = COALESCE(:address, last_address)
       WHERE token_hash = :hash AND user_id = :userId AND expires_at > :now`,
      { now, address: address ?? null, hash: this.box.mac(`device:${cookie}`), userId },
    );
    return result.changes === 1;
  }

  async list(userId: number, now: number): Promise<TrustedDeviceInfo[]> {
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
      id: row.device_id,
      name: row.name ?? 'Unknown browser',
      createdAt: iso(row.created_at),
      lastSeenAt: iso(row.last_seen_at ?? row.created_at),
      address: row.last_address,
      expiresAt: iso(row.expires_at),
    }));
  }

  /** Revokes one device; false when the account has no such device. */
  async revoke(userId: number, deviceId: string): Promise<boolean> {
    const result = await this.sql.run('DELETE FROM trusted_devices WHERE user_id = ? AND device_id = ?', [
      userId,
      deviceId,
    ]);
    return result.changes === 1;
  }

  /** Revokes every device of the account; returns how many were still trusted. */
  async revokeAll(userId: number, now: number): Promise<number> {
    return this.sql.transaction(async () => {
      const live = (await this.list(userId, now)).length;
      await this.sql.run('DELETE FROM trusted_devices WHERE user_id = ?', [userId]);
      return live;
    });
  }
}
