import { hashToken, newToken } from '../security/tokens';
import type { Db } from './connection';
import type { UserRow } from './users';

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

/** Browser sessions. The cookie holds a random id; the table holds only its hash. */
export class WebSessionStore {
  constructor(private readonly db: Db) {}

  /** Creates a session and returns the cookie value: used for every login step, so ids rotate. */
  create(session: { userId: number | null; stage: SessionStage; now: number; ttlMs: number }): {
    cookie: string;
    session: WebSession;
  } {
    const cookie = newToken();
    const row: WebSessionRow = {
      id_hash: hashToken(cookie),
      user_id: session.userId,
      stage: session.stage,
      csrf_token: newToken(),
      expires_at: session.now + session.ttlMs,
      step_up_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO web_sessions (id_hash, user_id, stage, csrf_token, created_at, expires_at, step_up_at)
         VALUES (:id_hash, :user_id, :stage, :csrf_token, :created_at, :expires_at, :step_up_at)`,
      )
      .run({ ...row, created_at: session.now });
    return { cookie, session: fromRow(row) };
  }

  find(cookie: string, now: number): WebSession | undefined {
    const row = this.db
      .prepare<[string, number], WebSessionRow>(
        'SELECT * FROM web_sessions WHERE id_hash = ? AND expires_at > ?',
      )
      .get(hashToken(cookie), now);
    return row && fromRow(row);
  }

  delete(idHash: string): void {
    this.db.prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
  }

  markStepUp(idHash: string, now: number): void {
    this.db.prepare('UPDATE web_sessions SET step_up_at = ? WHERE id_hash = ?').run(now, idHash);
  }

  /** Ends every browser session of a user but (optionally) the one in use. */
  endAllFor(userId: number, exceptIdHash?: string): void {
    this.db
      .prepare('DELETE FROM web_sessions WHERE user_id = ? AND id_hash IS NOT ?')
      .run(userId, exceptIdHash ?? null);
  }

  purgeExpired(now: number): void {
    this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now);
  }
}

/** The signed-in account behind a token: who it is, and whether it uses 2FA. */
export type TokenHolder = Pick<UserRow, 'id' | 'login' | 'name' | 'role' | 'totp_enabled_at'>;

export interface ApiToken {
  tokenHash: string;
  userId: number;
  expiresAt: number;
  stepUpAt: number | null;
}

/** Admin API bearer tokens, stored hashed. */
export class ApiTokenStore {
  constructor(private readonly db: Db) {}

  create(userId: number, now: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = newToken();
    const expiresAt = now + ttlMs;
    this.db
      .prepare('INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), userId, now, expiresAt);
    return { token, expiresAt };
  }

  /**
   * A live token and its account, in one lookup: every admin API request starts here.
   * Only the account's identity is read, never its password hash or secrets.
   */
  find(token: string, now: number): { token: ApiToken; user: TokenHolder } | undefined {
    const row = this.db
      .prepare<
        [string, number],
        TokenHolder & {
          api_token_hash: string;
          api_token_expires_at: number;
          api_token_step_up_at: number | null;
        }
      >(
        `SELECT users.id, users.login, users.name, users.role, users.totp_enabled_at,
                api_tokens.token_hash AS api_token_hash,
                api_tokens.expires_at AS api_token_expires_at,
                api_tokens.step_up_at AS api_token_step_up_at
         FROM api_tokens JOIN users ON users.id = api_tokens.user_id
         WHERE api_tokens.token_hash = ? AND api_tokens.expires_at > ?`,
      )
      .get(hashToken(token), now);
    if (!row) return undefined;
    const { api_token_hash, api_token_expires_at, api_token_step_up_at, ...user } = row;
    return {
      token: {
        tokenHash: api_token_hash,
        userId: user.id,
        expiresAt: api_token_expires_at,
        stepUpAt: api_token_step_up_at,
      },
      user,
    };
  }

  markStepUp(tokenHash: string, now: number): void {
    this.db.prepare('UPDATE api_tokens SET step_up_at = ? WHERE token_hash = ?').run(now, tokenHash);
  }

  delete(tokenHash: string): void {
    this.db.prepare('DELETE FROM api_tokens WHERE token_hash = ?').run(tokenHash);
  }

  endAllFor(userId: number, exceptHash?: string): void {
    this.db
      .prepare('DELETE FROM api_tokens WHERE user_id = ? AND token_hash IS NOT ?')
      .run(userId, exceptHash ?? null);
  }

  purgeExpired(now: number): void {
    this.db.prepare('DELETE FROM api_tokens WHERE expires_at <= ?').run(now);
  }
}
