import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Sql, SqlParams, SqlWords } from '../sql';

export const POSTGRES_WORDS: SqlWords = {
  name: 'postgres',
  like: 'ILIKE',
  forUpdate: ' FOR UPDATE',
  writesInWith: true,
};

interface Translated {
  /** The text with $1, $2, … placeholders. */
  text: string;
  /** For `:name` placeholders: the name behind each number. */
  names: string[] | null;
  /** A prepared-statement name: each connection parses a text once. */
  name: string;
}

/**
 * `?` and `:name` placeholders become $1, $2, … (a name used twice keeps its number).
 * String literals, quoted names, comments and `::` casts are left alone.
 */
export function numberPlaceholders(source: string): { text: string; names: string[] | null } {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      const stop = end === -1 ? source.length : end + 1;
      out += source.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && source[i + 1] === '-') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      out += source.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++positional}`;
    } else if (c === ':' && source[i + 1] === ':') {
      out += '::';
      i++;
    } else if (c === ':' && /[A-Za-z_]/.test(source[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i + 1))?.[0] as string;
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i += name.length;
    } else {
      out += c;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error('SQL mixes ? and :name placeholders');
  return { text: out, names: names.length > 0 ? names : null };
}

// BIGINT (counts, Unix-millisecond times, ids) and NUMERIC (sums) arrive as JavaScript numbers:
// every value the server stores is far below 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

// A deadlock or a serialisation failure: the transaction did nothing and can run again.
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

/**
 * The PostgreSQL driver: a pool of connections shared by this process's requests.
 * Every guarantee that spans processes (one acceptance per time step, the shared
 * failure counts) is a single conditional statement the database serialises.
 */
export class PostgresSql implements Sql {
  readonly dialect = POSTGRES_WORDS;
  private readonly pool: pg.Pool;
  private readonly cache = new Map<string, Translated>();
  private readonly inTransaction = new AsyncLocalStorage<pg.PoolClient>();

  constructor(url: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
    // A connection dropped while idle (e.g. the database restarted) is replaced on next use.
    this.pool.on('error', (error) =>
      console.error(`twofold-server: database connection lost: ${error.message}`),
    );
  }

  private translate(source: string): Translated {
    let translated = this.cache.get(source);
    if (translated === undefined) {
      translated = { ...numberPlaceholders(source), name: `t${this.cache.size + 1}` };
      this.cache.set(source, translated);
    }
    return translated;
  }

  private async query<T extends pg.QueryResultRow>(
    source: string,
    params?: SqlParams,
  ): Promise<pg.QueryResult<T>> {
    const { text, names, name } = this.translate(source);
    const values =
      params === undefined
        ? []
        : Array.isArray(params)
          ? params
          : (names ?? []).map((key) => (params as Record<string, unknown>)[key] ?? null);
    const client = this.inTransaction.getStore() ?? this.pool;
    return client.query<T>({ name, text, values: values as unknown[] });
  }

  async get<T>(text: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.query<T & pg.QueryResultRow>(text, params)).rows[0];
  }

  async all<T>(text: string, params?: SqlParams): Promise<T[]> {
    return (await this.query<T & pg.QueryResultRow>(text, params)).rows;
  }

  async run(text: string, params?: SqlParams): Promise<{ changes: number }> {
    return { changes: (await this.query(text, params)).rowCount ?? 0 };
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return work();
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const value = await this.inTransaction.run(client, work);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (attempt >= ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw error;
      } finally {
        client.release();
      }
    }
  }

  /**
   * A transaction that first takes an advisory lock (held until it ends): processes
   * starting together take turns, e.g. so that only the first applies the migrations.
   */
  async lockedTransaction<T>(key: number, work: () => Promise<T>): Promise<T> {
    return this.transaction(async () => {
      await this.run('SELECT pg_advisory_xact_lock(?)', [key]);
      return work();
    });
  }

  /** Runs a script of statements without parameters (a migration). */
  async exec(script: string): Promise<void> {
    await (this.inTransaction.getStore() ?? this.pool).query(script);
  }

  poolStats(): { inUse: number; waiting: number } {
    return { inUse: this.pool.totalCount - this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
