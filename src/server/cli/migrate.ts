import { openSql, schemaVersion } from '../db/open';
import type { DatabaseLocation } from './options';

/** `twofold-server migrate`: the schema brought up to date (under the same lock as a starting server). */
export async function migrateDatabase(location: DatabaseLocation): Promise<void> {
  const sql = await openSql(location);
  try {
    console.log(`schema up to date (${location.kind}, version ${await schemaVersion(sql)})`);
  } finally {
    await sql.close();
  }
}
