import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error';

export const DEFAULT_DB = 'data/twofold-server.sqlite';

export function dbPathOf(option: string | undefined): string {
  return resolve(option ?? process.env.TWOFOLD_SERVER_DB ?? DEFAULT_DB);
}

/** The server key lives beside the database, never inside it. */
export function keyPathOf(dbPath: string): string {
  return join(dirname(dbPath), `${dbPath.split(/[\\/]/).pop() ?? 'twofold-server'}.key`);
}

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${value}".`);
  }
  return Number(value);
}

export function envMilliseconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new UsageError(`${name} must be a whole number of milliseconds, not "${raw}".`);
  return Number(raw);
}
