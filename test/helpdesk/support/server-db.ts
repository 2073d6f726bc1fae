import Database from 'better-sqlite3';

/**
 * Changes the real server's database the way time would: tokens that have run
 * out, an account locked after failed attempts. The server reads these rows on
 * every request, so no restart is needed.
 */
export function withServerDb<T>(dbPath: string, run: (db: Database.Database) => T): T {
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  try {
    return run(db);
  } finally {
    db.close();
  }
}

export function expireApiTokens(dbPath: string): void {
  withServerDb(dbPath, (db) => db.prepare('UPDATE api_tokens SET expires_at = 1').run());
}

/** As after ten wrong passwords in a row just now. */
export function lockAccount(dbPath: string, login: string): void {
  withServerDb(dbPath, (db) =>
    db
      .prepare('UPDATE users SET failed_count = 10, last_failed_at = ? WHERE login = ?')
      .run(Date.now(), login),
  );
}
