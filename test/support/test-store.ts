import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { databaseOf, type DatabaseLocation } from '../../src/server/cli/options';
import { openSql } from '../../src/server/db/open';
import type { Sql } from '../../src/server/db/sql';
import { UserStore } from '../../src/server/db/users';
import { hashPassword } from '../../src/server/security/password';
import type { Role } from '../../src/shared/admin-api/vocabulary';

/**
 * Which store the server tests run against: SQLite (the default), or PostgreSQL when
 * TWOFOLD_TEST_STORE=postgres (`npm test` runs test/server a second time that way, on
 * a private cluster started by test/support/global-setup.ts).
 */
export const TEST_STORE: 'sqlite' | 'postgres' =
  process.env.TWOFOLD_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** A new, empty database: a SQLite file in `dir`, or a new database on the run's cluster. The `--db` value. */
export async function freshDatabase(dir: string): Promise<string> {
  if (TEST_STORE === 'sqlite') return join(dir, 'server.sqlite');
  const admin = process.env.TWOFOLD_TEST_PG_URL;
  if (admin === undefined)
    throw new Error('TWOFOLD_TEST_PG_URL is not set: the global setup starts the cluster');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

/** A `--db` value as the server reads it. */
export const locationOf = (db: string): DatabaseLocation => databaseOf(db);

/** Opens (migrating) a test database for an in-process server or for looking inside one. */
export async function openTestSql(dir: string): Promise<Sql> {
  return openSql(locationOf(await freshDatabase(dir)));
}

/** Runs `work` on another server's database (e.g. to change a row a test needs changed). */
export async function withDatabase<T>(db: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = await openSql(locationOf(db));
  try {
    return await work(sql);
  } finally {
    await sql.close();
  }
}

/** Accounts written through the user store, each with the password "<login> password". */
export async function addAccounts(
  sql: Sql,
  accounts: readonly (readonly [login: string, role: Role])[],
  now: number,
): Promise<void> {
  const users = new UserStore(sql);
  for (const [login, role] of accounts) {
    await users.insert({
      login,
      name: login,
      role,
      passwordHash: await hashPassword(`${login} password`),
      now,
    });
  }
}
