import { likeOf, type Sql } from './sql';
import {
  ROLES,
  USER_SORT_KEYS,
  type Role,
  type TwofaFilter,
  type UserSortKey,
} from '../../shared/admin-api/vocabulary';

import { isLocale, type Locale } from '../../shared/i18n/locales';

export { ROLES, USER_SORT_KEYS, type Role, type UserSortKey };

/** An account as the server knows it (users). */
export interface Account {
  id: number;
  login: string;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
  /** The TOTP secret, sealed by the server key; null while 2FA is off. */
  totpSecret: Buffer | null;
  totpEnabledAt: number | null;
  totpLastUsedAt: number | null;
  /** The last time step accepted: no code of this step or an earlier one is accepted again. */
  totpLastStep: number | null;
  /** An enrollment in progress: its sealed secret and when it started. */
  totpPendingSecret: Buffer | null;
  totpPendingAt: number | null;
  failedCount: number;
  lastFailedAt: number | null;
  email: string | null;
  /** 'enroll': the next sign-in must set up a new authenticator first (after a reset or a temporary code). */
  requiredAction: 'enroll' | null;
  /** The language chosen for the server's pages and mails; null: the browser's (mails: English). */
  locale: Locale | null;
}

interface UserRow {
  id: number;
  login: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: number;
  totp_secret: Buffer | null;
  totp_enabled_at: number | null;
  totp_last_used_at: number | null;
  totp_last_step: number | null;
  totp_pending_secret: Buffer | null;
  totp_pending_at: number | null;
  failed_count: number;
  last_failed_at: number | null;
  email: string | null;
  required_action: 'enroll' | null;
  locale: string | null;
}

const accountOf = (row: UserRow): Account => ({
  id: row.id,
  login: row.login,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  totpSecret: row.totp_secret,
  totpEnabledAt: row.totp_enabled_at,
  totpLastUsedAt: row.totp_last_used_at,
  totpLastStep: row.totp_last_step,
  totpPendingSecret: row.totp_pending_secret,
  totpPendingAt: row.totp_pending_at,
  failedCount: row.failed_count,
  lastFailedAt: row.last_failed_at,
  email: row.email,
  requiredAction: row.required_action,
  // A value this server does not know (written by a newer one) counts as no choice.
  locale: row.locale !== null && isLocale(row.locale) ? row.locale : null,
});

const USER_COLUMNS: readonly (keyof UserRow)[] = [
  'id',
  'login',
  'name',
  'role',
  'password_hash',
  'created_at',
  'totp_secret',
  'totp_enabled_at',
  'totp_last_used_at',
  'totp_last_step',
  'totp_pending_secret',
  'totp_pending_at',
  'failed_count',
  'last_failed_at',
  'email',
  'required_action',
  'locale',
];

/**
 * An account's columns in a SELECT that reads another table's row with it (one round trip):
 * those of `alias`, each named with `prefix`; read back with accountFromColumns.
 */
export const accountColumns = (alias: string, prefix: string): string =>
  USER_COLUMNS.map((column) => `${alias}.${column} AS ${prefix}${column}`).join(', ');

/** The account in a row selected with accountColumns(…, prefix); undefined when the join found none. */
export function accountFromColumns(
  row: Readonly<Record<string, unknown>>,
  prefix: string,
): Account | undefined {
  let names = PREFIXED.get(prefix);
  if (names === undefined) {
    names = USER_COLUMNS.map((column) => [column, `${prefix}${column}`] as const);
    PREFIXED.set(prefix, names);
  }
  if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return undefined;
  const columns: Record<string, unknown> = {};
  for (const [column, name] of names) columns[column] = row[name];
  return accountOf(columns as unknown as UserRow);
}
// Each prefix's column names, made once (a hot path reads them on every request).
const PREFIXED = new Map<string, readonly (readonly [keyof UserRow, string])[]>();

/** What the admin API shows about a user: never a secret or a hash. */
export interface UserSummary {
  id: number;
  login: string;
  name: string;
  role: Role;
  twofa: { enabled: boolean; enabledAt: string | null; lastUsedAt: string | null; recoveryCodesLeft: number };
  locked: boolean;
}

export interface UserQuery {
  q?: string | undefined;
  role?: Role | undefined;
  sort?: UserSortKey | undefined;
  order?: 'asc' | 'desc' | undefined;
  twofa?: TwofaFilter | undefined;
  locked?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** When is an account locked? Passed in from the throttle policy so both agree. */
export interface LockRule {
  lockAfter: number;
  lockMs: number;
  now: number;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

type SummaryRow = Pick<
  UserRow,
  'id' | 'login' | 'name' | 'role' | 'totp_enabled_at' | 'totp_last_used_at'
> & {
  codes_left: number;
  locked: number;
};

function toSummary(row: SummaryRow): UserSummary {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    role: row.role,
    twofa: {
      enabled: row.totp_enabled_at !== null,
      enabledAt: iso(row.totp_enabled_at),
      lastUsedAt: iso(row.totp_last_used_at),
      recoveryCodesLeft: row.codes_left,
    },
    locked: row.locked === 1,
  };
}

// Column expressions from a fixed table: user input never reaches the SQL text.
const SORT_SQL: Record<UserSortKey, string> = {
  login: 'u.login',
  name: 'u.name',
  role: 'u.role',
  twofa: '(u.totp_enabled_at IS NOT NULL)',
  lastUsedAt: 'u.totp_last_used_at',
  locked: 'locked',
};

const LOCKED_SQL =
  '(u.failed_count >= :lockAfter AND u.last_failed_at IS NOT NULL AND :now - u.last_failed_at < :lockMs)';
// As a number in both dialects (PostgreSQL's comparisons are booleans).
const LOCKED_COLUMN = `CASE WHEN ${LOCKED_SQL} THEN 1 ELSE 0 END AS locked`;
const CODES_LEFT_COLUMN =
  '(SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) AS codes_left';

export class UserStore {
  constructor(private readonly sql: Sql) {}

  async insert(user: {
    login: string;
    name: string;
    role: Role;
    passwordHash: string;
    now: number;
    email?: string | undefined;
  }): Promise<number> {
    const row = await this.sql.get<{ id: number }>(
      'INSERT INTO users (login, name, role, password_hash, created_at, email) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      [user.login, user.name, user.role, user.passwordHash, user.now, user.email ?? null],
    );
    return (row as { id: number }).id;
  }

  async byId(id: number): Promise<Account | undefined> {
    const row = await this.sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return row && accountOf(row);
  }

  async byLogin(login: string): Promise<Account | undefined> {
    const row = await this.sql.get<UserRow>('SELECT * FROM users WHERE login = ?', [login]);
    return row && accountOf(row);
  }

  async summary(id: number, rule: LockRule): Promise<UserSummary | undefined> {
    const row = await this.sql.get<SummaryRow>(
      `SELECT u.id, u.login, u.name, u.role, u.totp_enabled_at, u.totp_last_used_at, ${CODES_LEFT_COLUMN}, ${LOCKED_COLUMN}
       FROM users u WHERE u.id = :id`,
      { id, ...rule },
    );
    return row && toSummary(row);
  }

  async list(query: UserQuery, rule: LockRule): Promise<{ users: UserSummary[]; total: number }> {
    const where: string[] = [];
    const params: Record<string, unknown> = { ...rule };
    if (query.q !== undefined && query.q !== '') {
      // LIKE with an escape so % and _ typed by a person match themselves.
      const like = likeOf(this.sql);
      where.push(`(u.login ${like} :q ESCAPE '\\' OR u.name ${like} :q ESCAPE '\\')`);
      params.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (query.twofa !== undefined) {
      // Written as the indexed expression (users_twofa_login) so SQLite uses the index.
      where.push(`(u.totp_enabled_at IS NOT NULL) = ${query.twofa === 'enabled' ? 'TRUE' : 'FALSE'}`);
    }
    if (query.role !== undefined) {
      where.push('u.role = :role');
      params.role = query.role;
    }
    if (query.locked !== undefined) where.push(query.locked ? LOCKED_SQL : `NOT ${LOCKED_SQL}`);
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    const sort = SORT_SQL[query.sort ?? 'login'];
    const order = sort === SORT_SQL.login ? `u.login ${direction}` : `${sort} ${direction}, u.login`;
    const counted = await this.sql.get<{ total: number }>(
      `SELECT COUNT(*) AS total FROM users u ${filter}`,
      params,
    );
    const rows = await this.sql.all<SummaryRow>(
      `SELECT u.id, u.login, u.name, u.role, u.totp_enabled_at, u.totp_last_used_at, ${CODES_LEFT_COLUMN}, ${LOCKED_COLUMN}
       FROM users u ${filter} ORDER BY ${order} LIMIT :limit OFFSET :offset`,
      { ...params, limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
    );
    return { users: rows.map(toSummary), total: counted?.total ?? 0 };
  }

  /** The login exactly as stored, when an account has this one; reads nothing else. */
  async existingLogin(login: string): Promise<string | undefined> {
    const row = await this.sql.get<{ login: string }>('SELECT login FROM users WHERE login = ?', [login]);
    return row?.login;
  }

  /** Accounts in these roles without 2FA. */
  async withoutTwoFactor(
    roles: readonly Role[],
  ): Promise<Pick<Account, 'id' | 'login' | 'name' | 'role' | 'createdAt'>[]> {
    if (roles.length === 0) return [];
    return this.sql.all(
      `SELECT id, login, name, role, created_at AS "createdAt" FROM users
       WHERE totp_enabled_at IS NULL AND role IN (${roles.map(() => '?').join(', ')})`,
      roles,
    );
  }

  /**
   * The administrators who have an email address: told when a reset policy changes, and the security
   * contact when none is configured.
   */
  async adminsWithEmail(): Promise<Account[]> {
    const rows = await this.sql.all<UserRow>(
      "SELECT * FROM users WHERE role = 'admin' AND email IS NOT NULL AND email <> '' ORDER BY id",
    );
    return rows.map(accountOf);
  }

  async setRequiredAction(id: number, action: 'enroll' | null): Promise<void> {
    await this.sql.run('UPDATE users SET required_action = ? WHERE id = ?', [action, id]);
  }

  /** The language chosen for the server's pages and mails; null goes back to the browser's. */
  async setLocale(id: number, locale: Locale | null): Promise<void> {
    await this.sql.run('UPDATE users SET locale = ? WHERE id = ?', [locale, id]);
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
  }

  /** Counts of accounts and of accounts with 2FA, by role. */
  adoption(): Promise<{ role: Role; total: number; enabled: number }[]> {
    return this.sql.all(
      `SELECT role, COUNT(*) AS total, SUM(CASE WHEN totp_enabled_at IS NOT NULL THEN 1 ELSE 0 END) AS enabled
       FROM users GROUP BY role`,
    );
  }
}
