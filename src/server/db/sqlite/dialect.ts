import type { DatabaseLocation } from '../../cli/options';
import type { Dialect } from '../dialect';
import { startCheckpointer } from './checkpointer';
import { openDatabase } from './connection';
import { SQLITE_MIGRATIONS } from './migrations';
import { SQLITE_WORDS, SqliteSql } from './sqlite-sql';

/** SQLite: one file, one server process (group commit in sqlite-sql.ts). */
export const sqliteDialect: Dialect<SqliteSql, Extract<DatabaseLocation, { kind: 'sqlite' }>> = {
  ...SQLITE_WORDS,
  migrations: SQLITE_MIGRATIONS,
  open: async (location) => new SqliteSql(openDatabase(location.path)),
  // The write transaction (BEGIN IMMEDIATE) is the lock: another process waits for it (busy_timeout).
  withMigrationLock: (sql, work) => sql.transaction(work),
  exec: async (sql, script) => {
    sql.db.exec(script);
  },
  // WAL checkpoints off the request path (checkpointer.ts).
  startMaintenance: (sql) => startCheckpointer(sql.db),
};
