import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { buildServer } from '../app';
import { startCheckpointer } from '../db/checkpointer';
import { openDatabase } from '../db/connection';
import { mailConfigFromEnv } from '../mail/config';
import { loadServerKey } from '../security/server-key';
import { parseTrustProxy } from '../security/proxy';
import { DEFAULT_THROTTLE } from '../security/throttle';
import { envMilliseconds, keyPathOf } from './options';

const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  dbPath: string;
  host: string;
  port: number;
  issuer?: string | undefined;
  allowedHosts?: string | undefined;
}

/**
 * The host names the otpauth issuer may be taken from: as given (comma-separated),
 * else the address the server listens on (the machine's name for a wildcard) and localhost.
 */
export function allowedHostsOf(given: string | undefined, listenHost: string): string[] {
  const listed = (given ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (listed.length > 0) return listed;
  const wildcard = ['', '0.0.0.0', '::', '[::]'].includes(listenHost);
  return [...new Set([wildcard ? hostname().toLowerCase() : listenHost.toLowerCase(), 'localhost'])];
}

/** Starts the server; the first stdout line is `listening on http://HOST:PORT` (tests read it). */
export async function serve(options: ServeOptions): Promise<void> {
  // A wrong mail setting stops the start, before anything is opened.
  const mail = mailConfigFromEnv(process.env);
  const db = openDatabase(options.dbPath);
  const serverKey = loadServerKey(keyPathOf(options.dbPath), process.env.TWOFOLD_SERVER_KEY);
  const { app } = await buildServer({
    db,
    serverKey,
    issuer: options.issuer ?? process.env.TWOFOLD_SERVER_ISSUER,
    allowedHosts: allowedHostsOf(
      options.allowedHosts ?? process.env.TWOFOLD_SERVER_ALLOWED_HOSTS,
      options.host,
    ),
    throttle: {
      ...DEFAULT_THROTTLE,
      backoffBaseMs: envMilliseconds('TWOFOLD_SERVER_BACKOFF_BASE_MS', DEFAULT_THROTTLE.backoffBaseMs),
      lockMs: envMilliseconds('TWOFOLD_SERVER_LOCK_MS', DEFAULT_THROTTLE.lockMs),
    },
    trustProxy: parseTrustProxy(process.env.TWOFOLD_SERVER_TRUST_PROXY),
    mail,
  });
  const checkpointer = startCheckpointer(db);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`listening on http://${host}:${address.port}\n`);

  // Graceful shutdown: stop accepting, let requests in flight finish (their writes are committed
  // before they are answered), then close the database. A stuck request cannot hold the exit forever.
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      console.error('twofold-server: requests still running after 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void app
      .close()
      .then(() => checkpointer.stop())
      .finally(() => {
        db.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
