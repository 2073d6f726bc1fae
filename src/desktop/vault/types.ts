import type { OtpAccount } from '../../shared/otp';
import type { Keychain } from '../keychain';

/** One account in the vault, with what the authenticator adds around it. */
export interface VaultEntry extends OtpAccount {
  readonly id: string;
  readonly group: string;
  readonly note: string;
  readonly icon?: string;
  /** The website linked to the account for browser filling (a domain or web address); absent: none. */
  readonly website?: string;
  /** Position in the list, 0-based. */
  readonly order: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What lists return: everything but the secret (and the image link that came with it). */
export type VaultEntryMeta = Omit<VaultEntry, 'secret' | 'image'>;

export interface EntryCode {
  readonly id: string;
  /** HOTP: null until nextHotpCode is asked (it moves the counter), then the code it gave. */
  readonly code: string | null;
  readonly nextCode: string | null;
  readonly secondsRemaining: number;
  readonly period: number;
}

export type NewEntry = OtpAccount & { group?: string; note?: string; icon?: string };

export interface EntryPatch {
  issuer?: string;
  account?: string;
  group?: string;
  note?: string;
  icon?: string;
  /** '' unlinks the account from its website. */
  website?: string;
}

export interface VaultOptions {
  path: string;
  /** Defaults to the OS keychain; null means "do not use a keychain at all". */
  keychain?: Keychain | null;
  /** Unlock (or also protect, on create) with this password. */
  password?: string;
  /** Lock-file tuning; tests shorten `staleMs` to recover quickly from killed writers. */
  lock?: { staleMs?: number; waitMs?: number };
}
