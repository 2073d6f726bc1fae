import type { AuditRecord } from '../../shared/admin-api/audit-record';
import type { Capabilities, CapabilityName } from '../../shared/admin-api/capabilities';
import { HelpdeskError } from './errors';
import type { HelpdeskTools } from './helpdesk-tools';

export type { AuditRecord, Capabilities, CapabilityName };
export {
  OFFERED,
  notOffered,
  CAPABILITY_NAMES,
  CAPABILITY_LABELS,
} from '../../shared/admin-api/capabilities';
/**
 * One interface for every kind of account server the help desk can administer;
 * each kind gets its own driver under drivers/ (Twofold's /api/admin/v1, Odoo/Flectra JSON-RPC).
 */

/** The kinds of server there is a driver for. */
export const SERVER_KINDS = ['twofold', 'odoo'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export type UserRole = 'user' | 'helpdesk' | 'admin';

export interface AdminUser {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly role: UserRole;
  readonly twofa: {
    readonly enabled: boolean;
    /** ISO 8601, or null. */
    readonly enabledAt: string | null;
    readonly lastUsedAt: string | null;
    readonly recoveryCodesLeft: number | null;
  };
  readonly locked: boolean;
}

export type SortKey = 'login' | 'name' | 'role' | 'twofa' | 'lastUsedAt' | 'locked';

export interface UsersQuery {
  readonly q?: string;
  readonly twofa?: 'enabled' | 'disabled';
  readonly locked?: boolean;
  readonly role?: UserRole;
  readonly sort?: SortKey;
  readonly order?: 'asc' | 'desc';
  /** 1-based. */
  readonly page?: number;
  readonly pageSize?: number;
}

export interface UsersPage {
  readonly users: readonly AdminUser[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface AuditQuery {
  readonly actor?: string;
  readonly target?: string;
  readonly action?: string;
  /** ISO 8601. */
  readonly from?: string;
  readonly to?: string;
  /** At most this many records, newest first. */
  readonly limit?: number;
}

export interface AdoptionRow {
  readonly role: string;
  readonly total: number;
  readonly enabled: number;
}

export interface AdoptionReport {
  readonly total: number;
  readonly enabled: number;
  readonly locked: number | null;
  readonly byRole: readonly AdoptionRow[];
}

/**
 * The longest a help-desk session is kept, whatever the server says (Keycloak's longest default
 * SSO session is of this order): a session cookie set to expire in the year 12020 is kept 30 days.
 */
export const MAX_SESSION_SECONDS = 30 * 24 * 60 * 60;

export interface SessionToken {
  readonly token: string;
  /** ISO 8601. */
  readonly expiresAt: string;
  /** Whether the signed-in account itself has 2FA, where the server says; absent when unknown. */
  readonly twofaEnabled?: boolean;
}

export interface Credentials {
  readonly login: string;
  readonly password: string;
  readonly code?: string;
}

export interface SelfSetup {
  readonly secret: string;
  readonly otpauthUri: string;
}

/** New recovery codes for the signed-in account: the old ones stopped working. */
export interface NewRecoveryCodes {
  readonly recoveryCodes: readonly string[];
  /** ISO 8601. */
  readonly generatedAt: string;
}

export interface SelfEnabled {
  /** Shown once; empty when the server does not hand them out through the API. */
  readonly recoveryCodes: readonly string[];
}

/** A browser the user chose to trust ("don't ask again on this device"). */
export interface TrustedDevice {
  readonly id: string;
  /** What the server calls it (e.g. "Chrome on Linux"), or null when it keeps no name. */
  readonly name: string | null;
  /** ISO 8601, or null. */
  readonly createdAt: string | null;
  readonly expiresAt: string | null;
  /** When and from where it was last used, where the server records it. */
  readonly lastSeenAt?: string | null;
  readonly address?: string | null;
}

/**
 * A signed-in connection to one server. Every method may throw a HelpdeskError; a method whose
 * capability the driver states as not offered throws NOT_OFFERED with that capability's sentence.
 */
export interface AdminConnection extends HelpdeskTools {
  /** The most users one `users` call should ask for when reading every page; 100 when unstated. */
  readonly largestPage?: number;
  users(query: UsersQuery): Promise<UsersPage>;
  user(userId: number): Promise<AdminUser>;
  /** Finds one user by exact login (case-insensitive). */
  userByLogin(login: string): Promise<AdminUser>;
  checkCode(userId: number, code: string): Promise<{ valid: boolean }>;
  /** Returns the user as they are now; `callerCheckId` (a matched caller check) goes into the audit record. */
  disableTwofa(userId: number, reason: string, callerCheckId?: number): Promise<AdminUser>;
  unlock(userId: number, reason: string): Promise<AdminUser>;
  audit(query: AuditQuery): Promise<readonly AuditRecord[]>;
  adoption(): Promise<AdoptionReport>;
  stepUp(password: string): Promise<void>;
  setupSelf(): Promise<SelfSetup>;
  enableSelf(code: string): Promise<SelfEnabled>;
  /** New recovery codes for the signed-in account (capability `newRecoveryCodes`; needs a step-up). */
  newRecoveryCodes(): Promise<NewRecoveryCodes>;
  /** The user's trusted devices (capability `trustedDevices`). */
  devices(userId: number): Promise<readonly TrustedDevice[]>;
  /** Revokes every trusted device of the user; returns how many there were. */
  revokeDevices(userId: number, reason: string): Promise<{ readonly revoked: number }>;
  signOut(): Promise<void>;
}

export interface AccountServerDriver {
  /** The kind of server, kept in its profile. */
  readonly kind: ServerKind;
  /** What this kind of server offers, stated before anyone asks. */
  readonly capabilities: Capabilities;
  /** The database chosen on the server, for kinds that hold several (kept in the profile). */
  readonly database?: string;
  signIn(credentials: Credentials): Promise<SessionToken>;
  /** A connection that uses an existing token (from the keychain or a fresh sign-in). */
  connect(token: string): AdminConnection;
}

/** Throws NOT_OFFERED, with the driver's sentence, when the server lacks the capability. */
export function requireCapability(capabilities: Capabilities, name: CapabilityName): void {
  const capability = capabilities[name];
  if (!capability.offered)
    throw new HelpdeskError('NOT_OFFERED', `This server does not offer this: ${capability.why}`);
}
