import type { DatabaseLocation } from '../cli/options';
import type { Dialect, Maintenance } from './dialect';
import { migrate } from './migrate';
import { postgresDialect } from './postgres/dialect';
import type { Sql } from './sql';
import { sqliteDialect } from './sqlite/dialect';

export { schemaVersion } from './migrate';

/** An open database with its schema up to date, and its dialect's upkeep for a running server. */
export interface OpenedStore {
  readonly sql: Sql;
  startMaintenance(): Maintenance | undefined;
}

/** Opens the server's database, SQLite or PostgreSQL, with its schema brought up to date. */
export async function openStore(location: DatabaseLocation): Promise<OpenedStore> {
  return location.kind === 'sqlite' ? openWith(sqliteDialect, location) : openWith(postgresDialect, location);
}

/** The database alone, for commands and tests that run no server. */
export async function openSql(location: DatabaseLocation): Promise<Sql> {
  return (await openStore(location)).sql;
}

async function openWith<S extends Sql, L extends DatabaseLocation>(
  dialect: Dialect<S, L>,
  location: L,
): Promise<OpenedStore> {
  const sql = await dialect.open(location);
  try {
    await migrate(dialect, sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return { sql, startMaintenance: () => dialect.startMaintenance(sql) };
}
