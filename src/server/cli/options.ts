import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadServerKey, ServerKeyError } from '../security/server-key';
import { ServerUsageError } from './server-usage-error';

export const DEFAULT_DB = 'data/twofold-server.sqlite';

/** Where the server keeps its data: a SQLite file, or a PostgreSQL database shared by many server processes. */
export type DatabaseLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; /** Connections each process may open. */ pool: number };

/** Connections a server process keeps to PostgreSQL at most, unless TWOFOLD_SERVER_DB_POOL says otherwise. */
export const DEFAULT_POOL = 10;

/**
 * `--db` (else TWOFOLD_SERVER_DB, else the default file): a postgres:// or postgresql:// URL,
 * or a path. Any other URL is refused rather than taken for a file name.
 */
export function databaseOf(option: string | undefined): DatabaseLocation {
  const given = option ?? process.env.TWOFOLD_SERVER_DB ?? DEFAULT_DB;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(given)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql')
    return { kind: 'postgres', url: given, pool: poolSize() };
  if (scheme !== undefined) {
    throw new ServerUsageError(
      `--db takes a SQLite file path or a postgres:// (postgresql://) URL, not a ${scheme}:// URL.`,
    );
  }
  return { kind: 'sqlite', path: resolve(given) };
}

/**
 * TWOFOLD_SERVER_DB_POOL: every process opens up to this many connections, so N processes
 * need N times it within PostgreSQL's max_connections (100 by default).
 */
function poolSize(): number {
  const raw = process.env.TWOFOLD_SERVER_DB_POOL;
  if (raw === undefined || raw === '') return DEFAULT_POOL;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) {
    throw new ServerUsageError(
      `TWOFOLD_SERVER_DB_POOL must be a number of connections from 1 to 1000, not "${raw}".`,
    );
  }
  return Number(raw);
}

/** The name of the systemd credential that carries the server key (LoadCredential=, see deploy/). */
export const SERVER_KEY_CREDENTIAL = 'TWOFOLD_SERVER_KEY';

/**
 * The server key as given to the process: TWOFOLD_SERVER_KEY, else the systemd credential of
 * that name (a file in $CREDENTIALS_DIRECTORY, readable by the service alone and never in its
 * environment, so never in `ps e` or a crash report's environment), else undefined.
 */
export function givenServerKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.TWOFOLD_SERVER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const credentials = env.CREDENTIALS_DIRECTORY;
  if (credentials === undefined || credentials === '') return undefined;
  const path = join(credentials, SERVER_KEY_CREDENTIAL);
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ServerKeyError(
      `The server key credential ${path} cannot be read (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
}

/**
 * The key that encrypts TOTP secrets: TWOFOLD_SERVER_KEY (or its systemd credential), else
 * (SQLite only) the file beside the database. Processes sharing a PostgreSQL database must
 * all be given the same key.
 */
export function serverKeyFor(location: DatabaseLocation): Buffer {
  const given = givenServerKey();
  if (location.kind === 'sqlite') return loadServerKey(keyPathOf(location.path), given);
  if (given === undefined) {
    throw new ServerKeyError(
      'With PostgreSQL, give every server process the same key in TWOFOLD_SERVER_KEY (64 hex digits, e.g. from openssl rand -hex 32), or as the systemd credential TWOFOLD_SERVER_KEY.',
    );
  }
  return loadServerKey('', given);
}

/** The server key lives beside the database, never inside it. */
export function keyPathOf(dbPath: string): string {
  return join(dirname(dbPath), `${dbPath.split(/[\\/]/).pop() ?? 'twofold-server'}.key`);
}

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new ServerUsageError(`--port must be a number from 0 to 65535, not "${value}".`);
  }
  return Number(value);
}

export function envMilliseconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new ServerUsageError(`${name} must be a whole number of milliseconds, not "${raw}".`);
  return Number(raw);
}
