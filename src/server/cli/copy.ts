import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from '../db/migrate';
import { postgresDialect } from '../db/postgres/dialect';
import { PostgresSql } from '../db/postgres/postgres-sql';
import { sqliteDialect } from '../db/sqlite/dialect';
import { STORE_TABLES } from '../db/tables';
import { keyPathOf, type DatabaseLocation } from './options';
import { PersonFacingError } from '../../shared/person-facing-error';

export class CopyError extends PersonFacingError {
  override name = 'CopyError';
  declare readonly code: 'COPY';
  constructor(message: string) {
    super('COPY', message);
  }
}

const CHUNK = 500;

type Row = Record<string, unknown>;

/** One value as text that means the same in both databases (a BLOB and a BYTEA alike). */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  if (Buffer.isBuffer(value)) return `b:${value.toString('hex')}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `n:${String(value)}`;
  return `s:${JSON.stringify(value)}`;
}

/** SHA-256 over the table's rows, independent of their order (the two databases may sort text differently). */
function checksum(rows: readonly Row[], columns: readonly string[]): string {
  const digests = rows
    .map((row) =>
      createHash('sha256')
        .update(columns.map((column) => canonical(row[column])).join('\u0000'))
        .digest('hex'),
    )
    .sort();
  return createHash('sha256').update(digests.join('\n')).digest('hex');
}

/**
 * `twofold-server copy --from sqlite --to postgres://…`: moves a deployment into an empty
 * PostgreSQL database in one transaction, then compares every table's row count and
 * checksum on both sides before committing. Any difference leaves PostgreSQL empty.
 * Stop the server first: writes made during the copy would not be copied.
 */
export async function copyDatabase(from: DatabaseLocation, to: DatabaseLocation): Promise<void> {
  if (from.kind !== 'sqlite') throw new CopyError('--from takes the SQLite file of the deployment.');
  if (to.kind !== 'postgres') throw new CopyError('--to takes a postgres:// URL.');
  if (!existsSync(from.path)) throw new CopyError(`there is no SQLite file at ${from.path}.`);
  const source = new Database(from.path, { readonly: true, fileMustExist: true });
  const target = new PostgresSql(to.url, { max: 1 });
  try {
    const version = (source.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number })
      .v;
    if (version !== sqliteDialect.migrations.length) {
      throw new CopyError(
        `${from.path} is at schema ${version}, this server at ${sqliteDialect.migrations.length}: run twofold-server migrate --db ${from.path} first.`,
      );
    }
    const known = new Set([...STORE_TABLES.map((t) => t.name), 'schema_migrations']);
    const unknown = (
      source
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as {
        name: string;
      }[]
    ).filter((t) => !known.has(t.name));
    if (unknown.length > 0) {
      throw new CopyError(
        `the SQLite file has tables this copy does not know: ${unknown.map((t) => t.name).join(', ')}.`,
      );
    }
    await migrate(postgresDialect, target);
    // One snapshot of the source for reading and verifying.
    source.exec('BEGIN');
    const report = await target.transaction(async () => {
      const lines: string[] = [];
      for (const table of STORE_TABLES) {
        const existing = await target.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table.name}`);
        if ((existing?.n ?? 0) > 0) {
          throw new CopyError(
            `the PostgreSQL database already holds data (${existing?.n} rows in ${table.name}): copy only into an empty one.`,
          );
        }
      }
      for (const table of STORE_TABLES) {
        const columns = (source.prepare(`PRAGMA table_info(${table.name})`).all() as { name: string }[]).map(
          (c) => c.name,
        );
        const rows = source.prepare(`SELECT * FROM ${table.name} ORDER BY ${table.key}`).all() as Row[];
        for (let start = 0; start < rows.length; start += CHUNK) {
          const chunk = rows.slice(start, start + CHUNK);
          const values = chunk.map(
            (_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
          );
          await target.run(
            `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${values.join(', ')}`,
            chunk.flatMap((row) => columns.map((column) => row[column] ?? null)),
          );
        }
        if (table.identity) {
          await target.run(
            `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${table.name}), false)`,
          );
        }
        const copied = await target.all<Row>(`SELECT ${columns.join(', ')} FROM ${table.name}`);
        const expected = checksum(rows, columns);
        const got = checksum(copied, columns);
        if (copied.length !== rows.length || got !== expected) {
          throw new CopyError(
            `${table.name} differs after the copy (${rows.length} rows in SQLite, ${copied.length} in PostgreSQL; checksums ${expected.slice(0, 16)} and ${got.slice(0, 16)}): nothing was copied.`,
          );
        }
        lines.push(
          `${table.name.padEnd(18)} ${String(rows.length).padStart(8)} rows  sha256 ${expected.slice(0, 16)}  same`,
        );
      }
      return lines;
    });
    for (const line of report) console.log(line);
    const keyFile = keyPathOf(from.path);
    console.log(
      !process.env.TWOFOLD_SERVER_KEY && existsSync(keyFile)
        ? `copied and verified; start the servers with --db set to the PostgreSQL URL and the deployment's key: TWOFOLD_SERVER_KEY=$(cat ${keyFile})`
        : 'copied and verified; start the servers with the same TWOFOLD_SERVER_KEY and --db set to the PostgreSQL URL',
    );
  } finally {
    if (source.inTransaction) source.exec('ROLLBACK');
    source.close();
    await target.close();
  }
}
