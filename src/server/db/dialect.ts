import type { DatabaseLocation } from '../cli/options';
import type { Sql, SqlWords } from './sql';

/** Work a dialect runs beside the requests while a server runs (e.g. SQLite's WAL checkpoints). */
export interface Maintenance {
  stop(): Promise<void>;
}

/**
 * Everything that differs between SQLite and PostgreSQL, in one object per database
 * (db/sqlite/dialect.ts, db/postgres/dialect.ts). The stores see only `Sql` and its
 * words; migrate.ts is the one runner over `migrations`; open.ts picks the dialect.
 */
export interface Dialect<S extends Sql, Location extends DatabaseLocation> extends SqlWords {
  /**
   * The schema, migration by migration, applied in order (migrate.ts). Never edit a shipped
   * one: add a new one, and the same change in the other dialect's list (the schema-parity
   * test compares the two schemas).
   */
  readonly migrations: readonly string[];
  /** Opens the database with its schema as found (migrate.ts brings it up to date). */
  open(location: Location): Promise<S>;
  /**
   * Runs `work` in one transaction that holds the lock processes opening the database
   * together take turns on: only the first applies a migration, the others see it applied.
   */
  withMigrationLock<T>(sql: S, work: () => Promise<T>): Promise<T>;
  /** Runs a migration: a script of statements without parameters, in the current transaction. */
  exec(sql: S, script: string): Promise<void>;
  /** Starts the database's upkeep beside a running server; undefined when it looks after itself. */
  startMaintenance(sql: S): Maintenance | undefined;
}
