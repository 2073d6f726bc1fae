import { randomBytes } from 'node:crypto';
import Bowser from 'bowser';
import type { Stores } from '../db/stores';
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

const UNKNOWN_BROWSER = 'Unknown browser';

/** "Chrome on Linux", from the User-Agent header (what a person recognises in a list). */
export function deviceName(userAgent: string | undefined): string {
  if (userAgent === undefined || userAgent === '') return UNKNOWN_BROWSER;
  const parser = Bowser.getParser(userAgent.slice(0, 500));
  const browser = parser.getBrowserName() || UNKNOWN_BROWSER;
  const os = parser.getOSName();
  return os ? `${browser} on ${os}` : browser;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** "Don't ask again on this device": a random cookie, stored as a keyed hash, tied to one account. */
export class TrustedDevices {
  constructor(
    private readonly stores: Pick<Stores, 'trustedDevices' | 'transaction'>,
    private readonly box: SecretBox,
  ) {}

  /** Stored instead of the cookie. */
  private hash(cookie: string): string {
    return this.box.mac(`device:${cookie}`);
  }

  async issue(
    userId: number,
    now: number,
    seen: { name?: string; address?: string | null } = {},
  ): Promise<{ cookie: string; expiresAt: number; id: string }> {
    const cookie = newToken();
    const expiresAt = now + TRUSTED_DEVICE_TTL_MS;
    const id = randomBytes(6).toString('hex');
    await this.stores.trustedDevices.insert({
      tokenHash: this.hash(cookie),
      userId,
      deviceId: id,
      name: seen.name ?? UNKNOWN_BROWSER,
      address: seen.address ?? null,
      createdAt: now,
      expiresAt,
    });
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
    return this.stores.trustedDevices.touchLive(this.hash(cookie), userId, now, address ?? null);
  }

  async list(userId: number, now: number): Promise<TrustedDeviceInfo[]> {
    const rows = await this.stores.trustedDevices.live(userId, now);
    return rows.map((row) => ({
      id: row.deviceId,
      name: row.name ?? UNKNOWN_BROWSER,
      createdAt: iso(row.createdAt),
      lastSeenAt: iso(row.lastSeenAt ?? row.createdAt),
      address: row.lastAddress,
      expiresAt: iso(row.expiresAt),
    }));
  }

  /** Revokes one device; false when the account has no such device. */
  async revoke(userId: number, deviceId: string): Promise<boolean> {
    return this.stores.trustedDevices.delete(userId, deviceId);
  }

  /** Revokes every device of the account; returns how many were still trusted. */
  async revokeAll(userId: number, now: number): Promise<number> {
    return this.stores.transaction(async () => {
      const live = (await this.stores.trustedDevices.live(userId, now)).length;
      await this.stores.trustedDevices.deleteAllFor(userId);
      return live;
    });
  }
}
