import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { buildServer } from '../app';
import { openStore } from '../db/open';
import { mailConfigFromEnv } from '../mail/config';
import { parseTrustProxy } from '../security/proxy';
import { DEFAULT_THROTTLE } from '../security/throttle';
import { envMilliseconds, serverKeyFor, type DatabaseLocation } from './options';

const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  db: DatabaseLocation;
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
  const serverKey = serverKeyFor(options.db);
  const store = await openStore(options.db);
  const { sql } = store;
  let app: FastifyInstance;
  let closing = false;
  try {
    ({ app } = await buildServer({
      sql,
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
    }));
    // While shutting down, every answer closes its connection: a client (or a proxy) keeping
    // it alive would otherwise hold the exit until its keep-alive timeout.
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    // The pool would keep the process alive (PostgreSQL), and the file open (SQLite).
    await sql.close();
    throw error;
  }
  const maintenance = store.startMaintenance();
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`listening on http://${host}:${address.port}\n`);

  // Graceful shutdown: stop accepting, let requests in flight finish (their writes are committed
  // before they are answered), then close the database. A stuck request cannot hold the exit forever.
  const stop = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      console.error('twofold-server: requests still running after 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void app
      .close()
      .then(() => maintenance?.stop())
      .then(() => sql.close())
      .then(
        () => process.exit(0),
        (error: Error) => {
          console.error(`twofold-server: shutdown: ${error.message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
