import type { AuditRecord } from '../../shared/admin-api/audit-record';

export type { AuditRecord };
/**
 * One interface for every kind of account server the help desk can administer;
 * each kind gets its own driver (the first speaks Twofold's /api/admin/v1).
 */

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

export interface SessionToken {
  readonly token: string;
  /** ISO 8601. */
  readonly expiresAt: string;
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

export interface SelfEnabled {
  /** Shown once; empty when the server does not hand them out through the API. */
  readonly recoveryCodes: readonly string[];
}

/** A signed-in connection to one server. Every method may throw a HelpdeskError. */
export interface AdminConnection {
  users(query: UsersQuery): Promise<UsersPage>;
  user(userId: number): Promise<AdminUser>;
  /** Finds one user by exact login (case-insensitive). */
  userByLogin(login: string): Promise<AdminUser>;
  checkCode(userId: number, code: string): Promise<{ valid: boolean }>;
  /** Returns the user as they are now. */
  disableTwofa(userId: number, reason: string): Promise<AdminUser>;
  unlock(userId: number, reason: string): Promise<AdminUser>;
  audit(query: AuditQuery): Promise<readonly AuditRecord[]>;
  adoption(): Promise<AdoptionReport>;
  stepUp(password: string): Promise<void>;
  setupSelf(): Promise<SelfSetup>;
  enableSelf(code: string): Promise<SelfEnabled>;
  signOut(): Promise<void>;
}

export interface AccountServerDriver {
  /** A short name for the kind of server, shown in profiles. */
  readonly kind: string;
  signIn(credentials: Credentials): Promise<SessionToken>;
  /** A connection that uses an existing token (from the keychain or a fresh sign-in). */
  connect(token: string): AdminConnection;
}
