import type Database from 'better-sqlite3';
import type pg from 'pg';

/** A schema in a vocabulary both databases share: what the parity test compares. */
export interface Schema {
  readonly tables: Readonly<Record<string, TableShape>>;
}
export interface TableShape {
  /** Column name → "type" or "type not null". */
  readonly columns: Readonly<Record<string, string>>;
  readonly primaryKey: readonly string[];
  /** "unique (a, b)" or "(a, b)", sorted; primary keys are compared apart. */
  readonly indexes: readonly string[];
}

/** A declared type in the common vocabulary (SQLite's affinity rules; PostgreSQL's udt names). */
export function commonType(declared: string): string {
  const t = declared.toLowerCase();
  if (/^(int2|int4|int8|smallint|integer|bigint)$/.test(t) || t.includes('int')) return 'integer';
  if (/^(text|citext|varchar|character varying|char|bpchar)/.test(t) || t.includes('clob')) return 'text';
  if (t === 'blob' || t === 'bytea' || t === '') return 'bytes';
  if (/^(real|float4|float8|double|double precision)/.test(t)) return 'real';
  if (t === 'bool' || t === 'boolean') return 'boolean';
  return `other:${t}`;
}

/** An index key as text both databases agree on: a column name, or an expression without spaces or case. */
const keyOf = (expression: string): string =>
  expression
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .replace(/\s+/g, '')
    .toLowerCase();

/** The top-level, comma-separated list inside a CREATE INDEX's parentheses. */
function indexKeys(createIndex: string): string[] {
  const start = createIndex.indexOf('(');
  const end = createIndex.lastIndexOf(')');
  const keys: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of createIndex.slice(start + 1, end)) {
    if (c === ',' && depth === 0) {
      keys.push(current);
      current = '';
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    current += c;
  }
  keys.push(current);
  return keys.map(keyOf);
}

export function sqliteSchema(db: Database.Database): Schema {
  const tables: Record<string, TableShape> = {};
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of names) {
    const info = db.pragma(`table_info(${name})`) as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const columns: Record<string, string> = {};
    for (const c of info) {
      // SQLite lets a non-INTEGER primary key hold NULL (a legacy quirk); the stores never
      // write one, and PostgreSQL refuses it: both count as required.
      const required = c.notnull === 1 || c.pk > 0;
      columns[c.name] = `${commonType(c.type)}${required ? ' not null' : ''}`;
    }
    const indexes: string[] = [];
    const list = db.pragma(`index_list(${name})`) as { name: string; unique: number; origin: string }[];
    for (const index of list) {
      if (index.origin === 'pk') continue;
      const sql = (
        db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(index.name) as {
          sql: string | null;
        }
      ).sql;
      const keys =
        sql === null
          ? (db.pragma(`index_info(${index.name})`) as { name: string }[]).map((k) => k.name)
          : indexKeys(sql);
      indexes.push(`${index.unique === 1 ? 'unique ' : ''}(${keys.join(', ')})`);
    }
    tables[name] = { columns, primaryKey, indexes: indexes.sort() };
  }
  return { tables };
}

export async function postgresSchema(client: pg.Client): Promise<Schema> {
  const tables: Record<string, TableShape> = {};
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_nullable: string;
  }>(
    "SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  );
  for (const c of columns.rows) {
    const table = (tables[c.table_name] ??= { columns: {}, primaryKey: [], indexes: [] });
    (table.columns as Record<string, string>)[c.column_name] =
      `${commonType(c.udt_name)}${c.is_nullable === 'NO' ? ' not null' : ''}`;
  }
  const indexes = await client.query<{
    table: string;
    primary: boolean;
    unique: boolean;
    keys: string[];
  }>(
    `SELECT t.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
            ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k) AS keys
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'`,
  );
  for (const index of indexes.rows) {
    const table = tables[index.table];
    if (table === undefined) continue;
    const keys = index.keys.map(keyOf);
    if (index.primary) tables[index.table] = { ...table, primaryKey: keys };
    else (table.indexes as string[]).push(`${index.unique ? 'unique ' : ''}(${keys.join(', ')})`);
  }
  for (const table of Object.values(tables)) (table.indexes as string[]).sort();
  return { tables };
}

/** Every difference between two schemas, one named line each (empty when they agree). */
export function schemaDifferences(
  a: Schema,
  b: Schema,
  names: readonly [string, string] = ['SQLite', 'PostgreSQL'],
): string[] {
  const differences: string[] = [];
  const only = (what: (x: string) => string, inA: Iterable<string>, inB: Iterable<string>) => {
    const setB = new Set(inB);
    const setA = new Set(inA);
    for (const x of setA) if (!setB.has(x)) differences.push(`${what(x)}: only in ${names[0]}`);
    for (const x of setB) if (!setA.has(x)) differences.push(`${what(x)}: only in ${names[1]}`);
  };
  only((x) => `table ${x}`, Object.keys(a.tables), Object.keys(b.tables));
  for (const [name, ta] of Object.entries(a.tables)) {
    const tb = b.tables[name];
    if (tb === undefined) continue;
    only((x) => `column ${name}.${x}`, Object.keys(ta.columns), Object.keys(tb.columns));
    for (const [column, shape] of Object.entries(ta.columns)) {
      const other = tb.columns[column];
      if (other !== undefined && other !== shape)
        differences.push(`column ${name}.${column}: ${shape} in ${names[0]}, ${other} in ${names[1]}`);
    }
    if (ta.primaryKey.join(', ') !== tb.primaryKey.join(', '))
      differences.push(
        `primary key of ${name}: (${ta.primaryKey.join(', ')}) in ${names[0]}, (${tb.primaryKey.join(', ')}) in ${names[1]}`,
      );
    only((x) => `index on ${name} ${x}`, ta.indexes, tb.indexes);
  }
  return differences;
}
