import type { DatabaseLocation } from '../cli/options';
import type { Dialect } from './dialect';
import type { Sql } from './sql';

/** The version of the database's schema: the number of its dialect's migrations applied. */
export async function schemaVersion(sql: Sql): Promise<number> {
  const row = await sql.get<{ version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  return row?.version ?? 0;
}

/**
 * The one migration runner, for both databases: applies the dialect's missing migrations
 * in order, each in a transaction of its own under the dialect's migration lock, and
 * records each in schema_migrations. Every turn re-reads the version under the lock, so
 * processes starting together apply each migration once. Returns the schema version.
 */
export async function migrate<S extends Sql, L extends DatabaseLocation>(
  dialect: Dialect<S, L>,
  sql: S,
): Promise<number> {
  const { migrations } = dialect;
  for (;;) {
    const done = await dialect.withMigrationLock(sql, async () => {
      // BIGINT: milliseconds; SQLite reads it as INTEGER (files made before kept that name).
      await sql.run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const current = await schemaVersion(sql);
      if (current > migrations.length) {
        throw new Error(
          `The database was written by a newer server (schema ${current}, this one knows ${migrations.length}).`,
        );
      }
      if (current === migrations.length) return true;
      await dialect.exec(sql, migrations[current] as string);
      await sql.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
        current + 1,
        Date.now(),
      ]);
      return false;
    });
    if (done) return migrations.length;
  }
}
