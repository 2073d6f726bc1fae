import type { DatabaseLocation } from '../../cli/options';
import type { Dialect } from '../dialect';
import { POSTGRES_MIGRATIONS } from './migrations';
import { POSTGRES_WORDS, PostgresSql } from './postgres-sql';

// Any fixed number: the advisory lock that processes starting together take turns on.
const MIGRATION_LOCK = 0x7477_6f66; // "twof"

/** PostgreSQL: many server processes on one database (postgres-sql.ts). */
export const postgresDialect: Dialect<PostgresSql, Extract<DatabaseLocation, { kind: 'postgres' }>> = {
  ...POSTGRES_WORDS,
  migrations: POSTGRES_MIGRATIONS,
  open: async (location) => new PostgresSql(location.url, { max: location.pool }),
  withMigrationLock: (sql, work) => sql.lockedTransaction(MIGRATION_LOCK, work),
  exec: (sql, script) => sql.exec(script),
  // PostgreSQL checkpoints and vacuums by itself.
  startMaintenance: () => undefined,
};
