import { hashToken, newToken } from '../security/tokens';
import type { Sql } from './sql';
import { accountColumns, accountFromColumns, type Account } from './users';

export type SessionStage = 'anonymous' | 'half' | 'full';

export interface WebSession {
  idHash: string;
  userId: number | null;
  stage: SessionStage;
  csrfToken: string;
  expiresAt: number;
  stepUpAt: number | null;
}

interface WebSessionRow {
  id_hash: string;
  user_id: number | null;
  stage: SessionStage;
  csrf_token: string;
  expires_at: number;
  step_up_at: number | null;
}

const fromRow = (row: WebSessionRow): WebSession => ({
  idHash: row.id_hash,
  userId: row.user_id,
  stage: row.stage,
  csrfToken: row.csrf_token,
  expiresAt: row.expires_at,
  stepUpAt: row.step_up_at,
});

// Built once: the drivers look their compiled statements up by the text.
const SESSION_WITH_ACCOUNT = `SELECT web_sessions.*, ${accountColumns('account', 'account_')}
  FROM web_sessions LEFT JOIN users account ON account.id = web_sessions.user_id
  WHERE web_sessions.id_hash = ? AND web_sessions.expires_at > ?`;

/** Browser sessions. The cookie holds a random id; the table holds only its hash. */
export class WebSessionStore {
  constructor(private readonly sql: Sql) {}

  /** Creates a session and returns the cookie value: used for every login step, so ids rotate. */
  async create(session: { userId: number | null; stage: SessionStage; now: number; ttlMs: number }): Promise<{
    cookie: string;
    session: WebSession;
  }> {
    const cookie = newToken();
    const row: WebSessionRow = {
      id_hash: hashToken(cookie),
      user_id: session.userId,
      stage: session.stage,
      csrf_token: newToken(),
      expires_at: session.now + session.ttlMs,
      step_up_at: null,
    };
    await this.sql.run(
      `INSERT INTO web_sessions (id_hash, user_id, stage, csrf_token, created_at, expires_at, step_up_at)
       VALUES (:id_hash, :user_id, :stage, :csrf_token, :created_at, :expires_at, :step_up_at)`,
      { ...row, created_at: session.now },
    );
    return { cookie, session: fromRow(row) };
  }

  async find(cookie: string, now: number): Promise<WebSession | undefined> {
    const row = await this.sql.get<WebSessionRow>(
      'SELECT * FROM web_sessions WHERE id_hash = ? AND expires_at > ?',
      [hashToken(cookie), now],
    );
    return row && fromRow(row);
  }

  /**
   * As `find`, and the session's account read in the same statement (one round trip for
   * the sign-in's second step): `account` is undefined when the session has none or it is gone.
   */
  async findWithAccount(
    cookie: string,
    now: number,
  ): Promise<{ session: WebSession; account: Account | undefined } | undefined> {
    const row = await this.sql.get<WebSessionRow & Record<string, unknown>>(SESSION_WITH_ACCOUNT, [
      hashToken(cookie),
      now,
    ]);
    return row && { session: fromRow(row), account: accountFromColumns(row, 'account_') };
  }

  async delete(idHash: string): Promise<void> {
    await this.sql.run('DELETE FROM web_sessions WHERE id_hash = ?', [idHash]);
  }

  async markStepUp(idHash: string, now: number): Promise<void> {
    await this.sql.run('UPDATE web_sessions SET step_up_at = ? WHERE id_hash = ?', [now, idHash]);
  }

  /** Ends every browser session of a user but (optionally) the one in use. */
  async endAllFor(userId: number, exceptIdHash?: string): Promise<void> {
    await this.sql.run('DELETE FROM web_sessions WHERE user_id = ? AND id_hash IS DISTINCT FROM ?', [
      userId,
      exceptIdHash ?? null,
    ]);
  }

  async purgeExpired(now: number): Promise<void> {
    await this.sql.run('DELETE FROM web_sessions WHERE expires_at <= ?', [now]);
  }
}

/** The signed-in account behind a token: who it is, and whether it uses 2FA. */
/** The token's account, with what the admin API checks on every request (one query, no second look-up). */
export type TokenHolder = Pick<
  Account,
  'id' | 'login' | 'name' | 'role' | 'totpEnabledAt' | 'requiredAction' | 'createdAt'
>;

export interface ApiToken {
  tokenHash: string;
  userId: number;
  expiresAt: number;
  stepUpAt: number | null;
}

type TokenRow = TokenHolder & {
  api_token_hash: string;
  api_token_expires_at: number;
  api_token_step_up_at: number | null;
};

const TOKEN_COLUMNS = `users.id, users.login, users.name, users.role, users.totp_enabled_at AS "totpEnabledAt",
  users.required_action AS "requiredAction", users.created_at AS "createdAt",
  api_tokens.token_hash AS api_token_hash,
  api_tokens.expires_at AS api_token_expires_at,
  api_tokens.step_up_at AS api_token_step_up_at`;

const TOKEN_WITH_ACCOUNT = `SELECT ${TOKEN_COLUMNS}, ${accountColumns('target', 'target_')}
  FROM api_tokens JOIN users ON users.id = api_tokens.user_id
    LEFT JOIN users target ON target.id = :account
  WHERE api_tokens.token_hash = :hash AND api_tokens.expires_at > :now`;

const tokenFromRow = (row: TokenRow): { token: ApiToken; user: TokenHolder } => ({
  token: {
    tokenHash: row.api_token_hash,
    userId: row.id,
    expiresAt: row.api_token_expires_at,
    stepUpAt: row.api_token_step_up_at,
  },
  user: {
    id: row.id,
    login: row.login,
    name: row.name,
    role: row.role,
    totpEnabledAt: row.totpEnabledAt,
    requiredAction: row.requiredAction,
    createdAt: row.createdAt,
  },
});

/** Admin API bearer tokens, stored hashed. */
export class ApiTokenStore {
  constructor(private readonly sql: Sql) {}

  async create(userId: number, now: number, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
    const token = newToken();
    const expiresAt = now + ttlMs;
    await this.sql.run(
      'INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      [hashToken(token), userId, now, expiresAt],
    );
    return { token, expiresAt };
  }

  /**
   * A live token and its account, in one lookup: every admin API request starts here.
   * Only the account's identity is read, never its password hash or secrets.
   */
  async find(token: string, now: number): Promise<{ token: ApiToken; user: TokenHolder } | undefined> {
    const row = await this.sql.get<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens JOIN users ON users.id = api_tokens.user_id
       WHERE api_tokens.token_hash = :hash AND api_tokens.expires_at > :now`,
      { hash: hashToken(token), now },
    );
    return row && tokenFromRow(row);
  }

  /**
   * As `find`, and account `accountId` (the one a request acts on) read in the same
   * statement: one round trip for the admin API's requests on an account. `account` is
   * undefined when there is no such account.
   */
  async findWithAccount(
    token: string,
    now: number,
    accountId: number,
  ): Promise<{ token: ApiToken; user: TokenHolder; account: Account | undefined } | undefined> {
    const row = await this.sql.get<TokenRow & Record<string, unknown>>(TOKEN_WITH_ACCOUNT, {
      hash: hashToken(token),
      now,
      account: accountId,
    });
    return row && { ...tokenFromRow(row), account: accountFromColumns(row, 'target_') };
  }

  async markStepUp(tokenHash: string, now: number): Promise<void> {
    await this.sql.run('UPDATE api_tokens SET step_up_at = ? WHERE token_hash = ?', [now, tokenHash]);
  }

  async delete(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM api_tokens WHERE token_hash = ?', [tokenHash]);
  }

  async endAllFor(userId: number, exceptHash?: string): Promise<void> {
    await this.sql.run('DELETE FROM api_tokens WHERE user_id = ? AND token_hash IS DISTINCT FROM ?', [
      userId,
      exceptHash ?? null,
    ]);
  }

  async purgeExpired(now: number): Promise<void> {
    await this.sql.run('DELETE FROM api_tokens WHERE expires_at <= ?', [now]);
  }
}
