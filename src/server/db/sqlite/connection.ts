import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens (creating if needed) the server's SQLite file; migrate.ts brings its schema up to date. */
export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL survives a crash of the server process; a power loss may roll back the
  // last commits. FULL (an fsync per group commit) cost about 30% of the check rate in bench:server.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MiB of page cache (the default is 2 MiB): a 100,000-user directory stays in memory,
  // so lookups on the hot paths do not go back to the file (each read is a system call).
  db.pragma('cache_size = -32000');
  cacheStatements(db);
  return db;
}

/**
 * Compiles each SQL text once and reuses the statement: preparing on every
 * request was the largest cost of the 2FA check endpoint in the benchmark.
 * The SQL texts are fixed templates (values are always bound), so the cache stays small.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}
