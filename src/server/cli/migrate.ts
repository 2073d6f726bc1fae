import { openSql } from '../db/open';
import type { DatabaseLocation } from './options';

/** `twofold-server migrate`: the schema brought up to date (under the same lock as a starting server). */
export async function migrateDatabase(location: DatabaseLocation): Promise<void> {
  const sql = await openSql(location);
  try {
    const row = await sql.get<{ version: number }>('SELECT MAX(version) AS version FROM schema_migrations');
    console.log(`schema up to date (${location.kind}, version ${row?.version ?? 0})`);
  } finally {
    await sql.close();
  }
}
