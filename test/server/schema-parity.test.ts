// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/server/db/migrate';
import { openSql } from '../../src/server/db/open';
import { sqliteDialect } from '../../src/server/db/sqlite/dialect';
import { STORE_TABLES } from '../../src/server/db/tables';
import { postgresBin, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { skipReason } from '../support/skip';
import { postgresSchema, schemaDifferences, sqliteSchema, type Schema } from './helpers/schema';

const table = (columns: Record<string, string>, indexes: string[] = []) => ({
  columns,
  primaryKey: ['id'],
  indexes,
});

describe('the schema comparison', () => {
  it('names a column present on one side only, a type or nullability that differs, and a missing index', () => {
    const sqlite: Schema = {
      tables: { users: table({ id: 'integer not null', email: 'text' }, ['(expires_at)']) },
    };
    const postgres: Schema = {
      tables: { users: table({ id: 'integer not null', email: 'text not null', phone: 'text' }) },
    };
    expect(schemaDifferences(sqlite, postgres)).toEqual([
      'column users.phone: only in PostgreSQL',
      'column users.email: text in SQLite, text not null in PostgreSQL',
      'index on users (expires_at): only in SQLite',
    ]);
    expect(schemaDifferences(sqlite, sqlite)).toEqual([]);
  });
});

describe('the migration runner', () => {
  it('brings a database made by an older server up to date, and refuses one made by a newer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-migrate-'));
    const path = join(dir, 'old.sqlite');
    try {
      const older = { ...sqliteDialect, migrations: sqliteDialect.migrations.slice(0, 5) };
      const old = await older.open({ kind: 'sqlite', path });
      expect(await migrate(older, old)).toBe(5);
      await old.close();

      const sql = await openSql({ kind: 'sqlite', path });
      expect(await schemaVersion(sql)).toBe(sqliteDialect.migrations.length);
      expect(
        await sql.get("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'web_sessions_expiry'"),
      ).toEqual({ name: 'web_sessions_expiry' });
      await sql.close();

      const newer = await older.open({ kind: 'sqlite', path });
      await expect(migrate(older, newer)).rejects.toThrow(
        `The database was written by a newer server (schema ${sqliteDialect.migrations.length}, this one knows 5).`,
      );
      await newer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Both dialects' migrations, applied to fresh databases, make the same schema: tables,
 * columns, their types (in a common vocabulary) and nullability, primary keys and indexes.
 * Runs in the default pass too: it starts its own PostgreSQL cluster unless the run has one.
 */
describe.skipIf(
  skipReason(
    'schema parity of SQLite and PostgreSQL',
    process.env.TWOFOLD_TEST_PG_URL !== undefined || postgresBin() !== null
      ? null
      : 'PostgreSQL is not installed (apt-get install postgresql)',
  ),
)('schema parity of SQLite and PostgreSQL', { timeout: 120_000 }, () => {
  let dir: string;
  let cluster: PostgresCluster | undefined;
  let sqlite: Schema;
  let postgres: Schema;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-parity-'));
    const file = join(dir, 'parity.sqlite');
    await (await openSql({ kind: 'sqlite', path: file })).close();
    const db = new Database(file, { readonly: true });
    try {
      sqlite = sqliteSchema(db);
    } finally {
      db.close();
    }

    let admin = process.env.TWOFOLD_TEST_PG_URL;
    if (admin === undefined) {
      cluster = await startPostgresCluster({ durable: false });
      admin = cluster.urlOf('postgres');
    }
    const name = `parity_${process.pid}_${Date.now()}`;
    const creator = new pg.Client({ connectionString: admin });
    await creator.connect();
    try {
      await creator.query(`CREATE DATABASE ${name}`);
    } finally {
      await creator.end();
    }
    const url = admin.replace(/\/[^/]*$/, `/${name}`);
    await (await openSql({ kind: 'postgres', url, pool: 1 })).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      postgres = await postgresSchema(client);
    } finally {
      await client.end();
    }
  }, 120_000);

  afterAll(() => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every table of the store list, and only those, in both', () => {
    const listed = [...STORE_TABLES.map((t) => t.name), 'schema_migrations'].sort();
    expect(Object.keys(sqlite.tables).sort()).toEqual(listed);
    expect(Object.keys(postgres.tables).sort()).toEqual(listed);
  });

  it('migrates both databases to the same tables, columns, types, nullability and indexes', () => {
    expect(schemaDifferences(sqlite, postgres)).toEqual([]);
  });
});
