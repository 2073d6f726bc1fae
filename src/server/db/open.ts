import type { DatabaseLocation } from '../cli/options';
import { startCheckpointer } from './checkpointer';
import { openDatabase } from './connection';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { PostgresSql } from './postgres-sql';
import type { Sql } from './sql';
import { SqliteSql } from './sqlite-sql';

// Any fixed number: the advisory lock that processes starting together take turns on.
const MIGRATION_LOCK = 0x7477_6f66; // "twof"

/** Opens the server's database, SQLite or PostgreSQL, with its schema brought up to date. */
export async function openSql(location: DatabaseLocation): Promise<Sql> {
  if (location.kind === 'sqlite') return new SqliteSql(openDatabase(location.path));
  const sql = new PostgresSql(location.url, { max: location.pool });
  try {
    await migratePostgres(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}

/** SQLite: WAL checkpoints off the request path (checkpointer.ts). PostgreSQL checkpoints by itself. */
export function startCheckpoints(sql: Sql): { stop(): Promise<void> } | undefined {
  return sql instanceof SqliteSql ? startCheckpointer(sql.db) : undefined;
}

/** The version of the database's schema (the number of migrations applied). */
export async function schemaVersion(sql: Sql): Promise<number> {
  const row = await sql.get<{ version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  return row?.version ?? 0;
}

/** Applies the missing migrations in one transaction, under a lock: two processes starting together migrate once. */
export async function migratePostgres(sql: PostgresSql): Promise<void> {
  await sql.lockedTransaction(MIGRATION_LOCK, async () => {
    await sql.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const row = await sql.get<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_migrations',
    );
    const current = row?.version ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `The database was written by a newer server (schema ${current}, this one knows ${POSTGRES_MIGRATIONS.length}).`,
      );
    }
    for (let version = current + 1; version <= POSTGRES_MIGRATIONS.length; version++) {
      await sql.exec(POSTGRES_MIGRATIONS[version - 1] as string);
      await sql.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
        version,
        Date.now(),
      ]);
    }
  });
}
