import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Db } from './connection';
import type { Sql, SqlParams, SqlWords } from '../sql';

export const SQLITE_WORDS: SqlWords = { name: 'sqlite', like: 'LIKE', forUpdate: '', writesInWith: false };

interface Batch {
  readonly committed: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

const bind = (params: SqlParams | undefined): unknown[] =>
  params === undefined ? [] : Array.isArray(params) ? params : [params];

/**
 * The SQLite driver, with group commit: writes issued in the same turn of the
 * event loop run in one transaction, so a burst of writes costs one commit (one
 * WAL append) instead of one each. A statement that fails is undone alone (SQLite
 * rolls back just that statement) and only its caller sees the error. Writes
 * settle after the commit, so an answer never reports a write that could still be
 * lost to a failed commit. An explicit transaction runs in a savepoint of the
 * batch; while it runs, statements from other requests wait for it, since they
 * share the one connection.
 */
export class SqliteSql implements Sql {
  readonly dialect = SQLITE_WORDS;
  private batch: Batch | null = null;
  private lock: Promise<void> | null = null;
  private readonly inTransaction = new AsyncLocalStorage<true>();

  constructor(readonly db: Db) {}

  private statement(text: string): Database.Statement {
    // connection.ts caches compiled statements by text.
    return this.db.prepare(text);
  }

  private async outside(): Promise<void> {
    while (this.lock !== null) await this.lock;
  }

  private openBatch(): Batch {
    if (this.batch !== null) return this.batch;
    this.db.exec('BEGIN IMMEDIATE');
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<void>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    // Only the writers of the batch await it; nobody else must see an unhandled rejection.
    committed.catch(() => undefined);
    const batch = { committed, resolve, reject };
    this.batch = batch;
    setImmediate(() => void this.commit(batch));
    return batch;
  }

  private async commit(batch: Batch): Promise<void> {
    await this.outside();
    if (this.batch !== batch) return; // already committed by close()
    this.batch = null;
    try {
      this.db.exec('COMMIT');
      batch.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      batch.reject(error);
    }
  }

  private async execute<T>(
    text: string,
    params: SqlParams | undefined,
    read: (s: Database.Statement) => T,
  ): Promise<T> {
    const statement = this.statement(text);
    if (this.inTransaction.getStore()) return read(statement);
    if (this.lock !== null) await this.outside();
    if (statement.readonly) return read(statement);
    const batch = this.openBatch();
    const result = read(statement);
    await batch.committed;
    return result;
  }

  get<T>(text: string, params?: SqlParams): Promise<T | undefined> {
    return this.execute(text, params, (s) => s.get(...bind(params)) as T | undefined);
  }

  all<T>(text: string, params?: SqlParams): Promise<T[]> {
    return this.execute(text, params, (s) => s.all(...bind(params)) as T[]);
  }

  run(text: string, params?: SqlParams): Promise<{ changes: number }> {
    return this.execute(text, params, (s) => ({ changes: s.run(...bind(params)).changes }));
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return work();
    // No await when nothing runs: the lock is taken in the same turn as the call.
    if (this.lock !== null) await this.outside();
    let release!: () => void;
    this.lock = new Promise((done) => (release = done));
    let batch: Batch;
    let value: T;
    try {
      batch = this.openBatch();
      this.db.exec('SAVEPOINT unit');
      try {
        value = await this.inTransaction.run(true, work);
        this.db.exec('RELEASE unit');
      } catch (error) {
        this.db.exec('ROLLBACK TO unit');
        this.db.exec('RELEASE unit');
        throw error;
      }
    } finally {
      this.lock = null;
      release();
    }
    await batch.committed;
    return value;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.outside();
    if (this.batch !== null) await this.commit(this.batch);
    this.db.close();
  }
}
