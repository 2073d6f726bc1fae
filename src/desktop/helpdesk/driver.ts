import type { LogHead, WitnessedHead } from './audit-log';
import type { AuditRecord } from '../../shared/admin-api/audit-record';
import type { Capabilities, CapabilityName } from '../../shared/admin-api/capabilities';
import type { DriverConnection } from './capability-gate';
import type { Transport } from './transport';
import type { HelpdeskTools, PendingAction, Proof } from './helpdesk-tools';

export type { AuditRecord, Capabilities, CapabilityName };
export {
  OFFERED,
  notOffered,
  CAPABILITY_NAMES,
  CAPABILITY_LABELS,
} from '../../shared/admin-api/capabilities';
import type { V1ClientUser } from '../../shared/admin-api/v1';
import type { Role, TwofaFilter, UserSortKey } from '../../shared/admin-api/vocabulary';
/**
 * One interface for every kind of account server the help desk can administer;
 * each kind gets its own driver under drivers/ (Twofold's /api/admin/v1, Odoo/Flectra JSON-RPC).
 */

export type UserRole = Role;

export type AdminUser = V1ClientUser;

export type SortKey = UserSortKey;

export interface UsersQuery {
  readonly q?: string;
  readonly twofa?: TwofaFilter;
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
  /** The server's version as it states it (e.g. "19.0"), for kinds whose calls differ by version. */
  readonly serverVersion?: string;
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
 * capability the driver states as not offered throws NOT_OFFERED with that capability's sentence
 * (capability-gate.ts does that for every driver, which leaves such methods out).
 */
export interface AdminConnection extends HelpdeskTools {
  /** The most users one `users` call should ask for when reading every page; 100 when unstated. */
  readonly largestPage?: number;
  users(query: UsersQuery): Promise<UsersPage>;
  user(userId: number): Promise<AdminUser>;
  /** Finds one user by exact login (case-insensitive). */
  userByLogin(login: string): Promise<AdminUser>;
  /** A wrong code that would be right for a phone clock off by up to 10 minutes says by how much. */
  /** A right code is a caller check passed where the server keeps one (`callerCheckId`, a proof for 15 minutes). */
  checkCode(
    userId: number,
    code: string,
  ): Promise<{ valid: boolean; phoneClockOffsetSeconds?: number; callerCheckId?: number }>;
  /** Returns the user as they are now, and what waits out a cooldown; the proof goes into the audit record. */
  disableTwofa(
    userId: number,
    reason: string,
    proof?: Proof,
  ): Promise<AdminUser & { readonly pending?: PendingAction }>;
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
  /**
   * Keeps the local audit log's head outside this computer, with the action it was recorded for
   * (issue 25): Twofold's server stores it; an Odoo server with Discuss gets a note on the user's record.
   * Absent where the server can keep nothing.
   */
  witnessHead?(witness: AuditWitness): Promise<void>;
  /** The heads this server kept for the signed-in account (see `witnessHead`), for `--verify`; null when it keeps none. */
  witnessedHeads?(): Promise<readonly WitnessedHead[] | null>;
}

/** One action of the local log and the log's head after it, as sent to a witness. */
export interface AuditWitness extends LogHead {
  readonly actor: string;
  readonly action: string;
  /** The account acted on, by login, and by id when known (Odoo notes go on its record). */
  readonly target: string | null;
  readonly userId: number | null;
  readonly reason: string | null;
  readonly result: string;
}

/** Rules of a kind of server that the console shows before anyone clicks, stated by its driver. */
export interface ServerRules {
  /** The server refuses help-desk actions on the signed-in account itself (another admin must do them). */
  readonly refusesOwnAccount: boolean;
}

export interface AccountServerDriver {
  /** The kind of server, kept in its profile (a kind in the driver registry, drivers/index.ts). */
  readonly kind: string;
  /** What this kind of server offers, stated before anyone asks. */
  readonly capabilities: Capabilities;
  readonly rules: ServerRules;
  /** The database chosen on the server, for kinds that hold several (kept in the profile). */
  readonly database?: string;
  signIn(credentials: Credentials): Promise<SessionToken>;
  /** A connection that uses an existing token (from the keychain or a fresh sign-in). */
  connect(token: string): AdminConnection;
}

/** What a driver builds: its connection may leave out the methods of what it does not offer. */
export type DriverDefinition = Omit<AccountServerDriver, 'connect'> & {
  connect(token: string): DriverConnection;
};

export interface DriverOptions {
  /** The database to use on servers that hold several; asked of the server when not given. */
  readonly db?: string;
  /** The server's version as last seen (the profile keeps it); the driver learns it again at sign-in. */
  readonly serverVersion?: string;
}

/** One kind of account server: a folder under drivers/ exports one of these, and the registry lists it. */
export interface DriverEntry<Kind extends string = string> {
  readonly kind: Kind;
  /** How people name this kind of server. */
  readonly label: string;
  /** Whether this kind of server answers at the transport's address (asked in registry order). */
  detect(transport: Transport): Promise<boolean>;
  open(transport: Transport, options: DriverOptions): Promise<DriverDefinition>;
}
