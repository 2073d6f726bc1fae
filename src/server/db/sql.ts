/**
 * What the stores need from a database, whichever it is: SQLite (one file, one
 * process) or PostgreSQL (many server processes on one database). SQL texts are
 * written once in the subset both read, with `?` or `:name` placeholders; the
 * PostgreSQL driver numbers them ($1, $2, …).
 */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * The few SQL words that differ between the two databases, supplied by each dialect
 * (db/sqlite/dialect.ts, db/postgres/dialect.ts); stores read them through likeOf / forUpdate.
 */
export interface SqlWords {
  readonly name: 'sqlite' | 'postgres';
  /** Case-insensitive LIKE: SQLite's LIKE already is (for ASCII); PostgreSQL's is ILIKE. */
  readonly like: string;
  /** Locks the rows a SELECT reads until the transaction ends (SQLite's write transaction already excludes others). */
  readonly forUpdate: string;
  /**
   * Whether a WITH may hold INSERT/UPDATE statements (PostgreSQL), so that dependent writes
   * are one statement; SQLite's may not, so they run one by one in a transaction there.
   */
  readonly writesInWith: boolean;
}

export interface Sql {
  readonly dialect: SqlWords;
  /** The first row, or undefined. A write (e.g. INSERT … RETURNING) settles after its commit. */
  get<T>(text: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(text: string, params?: SqlParams): Promise<T[]>;
  /** A write; settles after its commit, with the number of rows it changed. */
  run(text: string, params?: SqlParams): Promise<{ changes: number }>;
  /**
   * Runs `work` atomically: statements it issues through this object (directly or via
   * any store) join the transaction; a throw rolls all of them back. Nested calls join
   * the outer transaction. `work` should only talk to the database.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Connections busy with a query and queries waiting for one (for the metrics); none on SQLite. */
  poolStats?(): { inUse: number; waiting: number };
  close(): Promise<void>;
}

/** Case-insensitive LIKE in the database's words. */
export const likeOf = (sql: Sql): string => sql.dialect.like;

/** `FOR UPDATE` where the database needs it (empty on SQLite), with its leading space. */
export const forUpdate = (sql: Sql): string => sql.dialect.forUpdate;

/** Whether dependent writes can be one statement (a WITH of writes) in the database's words. */
export const writesInWith = (sql: Sql): boolean => sql.dialect.writesInWith;
