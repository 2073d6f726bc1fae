import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { buildServer, DEFAULT_SCHEDULER_INTERVAL_MS, LOG_SERIALIZERS } from '../app';
import { METRICS_CONTENT_TYPE } from '../metrics';
import type { ServerContext } from '../context';
import { openStore } from '../db/open';
import { mailConfigFromEnv } from '../mail/config';
import { parseTrustProxy } from '../security/proxy';
import { DEFAULT_THROTTLE } from '../security/throttle';
import { envMilliseconds, parsePort, serverKeyFor, type DatabaseLocation } from './options';
import { ServerUsageError } from './server-usage-error';
import { existsSync } from 'node:fs';
import { ForwardConfigError, parseSyslogUrl, type ForwardSettings } from '../../node/audit-forward';

const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  db: DatabaseLocation;
  host: string;
  port: number;
  issuer?: string | undefined;
  allowedHosts?: string | undefined;
  /** Serve GET /metrics on its own listener at this port (off when undefined). */
  metricsPort?: number | undefined;
  metricsHost?: string | undefined;
  /** Audit forwarding (else the TWOFOLD_SERVER_AUDIT_* variables): syslog URL, its CA file, JSON lines path. */
  auditSyslog?: string | undefined;
  auditSyslogCa?: string | undefined;
  auditJson?: string | undefined;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

/** The forwarding destinations from the options, else the environment; checked before anything starts. */
export function auditForwardingOf(
  options: ServeOptions,
  env: NodeJS.ProcessEnv = process.env,
): ForwardSettings {
  const url = nonEmpty(options.auditSyslog) ?? nonEmpty(env.TWOFOLD_SERVER_AUDIT_SYSLOG);
  const caFile = nonEmpty(options.auditSyslogCa) ?? nonEmpty(env.TWOFOLD_SERVER_AUDIT_SYSLOG_CA);
  const jsonLines = nonEmpty(options.auditJson) ?? nonEmpty(env.TWOFOLD_SERVER_AUDIT_JSON);
  if (caFile !== undefined && url === undefined)
    throw new ServerUsageError('--audit-syslog-ca goes with --audit-syslog tls://HOST:PORT.');
  if (url !== undefined) {
    try {
      const { tls } = parseSyslogUrl(url);
      if (caFile !== undefined && !tls)
        throw new ServerUsageError(`--audit-syslog-ca goes with a tls:// destination, not ${url}.`);
    } catch (error) {
      if (error instanceof ForwardConfigError) throw new ServerUsageError(`--audit-syslog: ${error.message}`);
      throw error;
    }
    if (caFile !== undefined && !existsSync(caFile))
      throw new ServerUsageError(`--audit-syslog-ca: there is no file ${caFile}.`);
  }
  return {
    ...(url !== undefined ? { syslog: { url, ...(caFile !== undefined ? { caFile } : {}) } } : {}),
    ...(jsonLines !== undefined ? { jsonLines } : {}),
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** TWOFOLD_SERVER_LOG_LEVEL: info unless told otherwise. */
function logLevel(): string {
  const level = process.env.TWOFOLD_SERVER_LOG_LEVEL ?? '';
  if (level === '') return 'info';
  if (!LOG_LEVELS.includes(level)) {
    throw new ServerUsageError(
      `TWOFOLD_SERVER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${level}".`,
    );
  }
  return level;
}

/** --metrics-port, else TWOFOLD_SERVER_METRICS_PORT, else none (metrics are off). */
export function metricsPortOf(option: number | undefined): number | undefined {
  if (option !== undefined) return option;
  const fromEnv = process.env.TWOFOLD_SERVER_METRICS_PORT;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  try {
    return parsePort(fromEnv);
  } catch {
    throw new ServerUsageError(
      `TWOFOLD_SERVER_METRICS_PORT must be a number from 0 to 65535, not "${fromEnv}".`,
    );
  }
}

const urlOf = (app: FastifyInstance): string => {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
};

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
  const level = logLevel();
  const metricsPort = metricsPortOf(options.metricsPort);
  const auditForwarding = auditForwardingOf(options);
  const store = await openStore(options.db);
  const { sql } = store;
  let app: FastifyInstance;
  let metricsApp: FastifyInstance | undefined;
  let closing = false;
  let ctx: ServerContext;
  try {
    ({ app, ctx } = await buildServer({
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
      auditForwarding,
      securityContact: process.env.TWOFOLD_SERVER_SECURITY_CONTACT,
      publicUrl: process.env.TWOFOLD_SERVER_PUBLIC_URL,
      schedulerIntervalMs: envMilliseconds(
        'TWOFOLD_SERVER_SCHEDULER_INTERVAL_MS',
        DEFAULT_SCHEDULER_INTERVAL_MS,
      ),
      // JSON lines on stderr: stdout keeps its first line for whoever started the server.
      logger: { level, stream: process.stderr, serializers: LOG_SERIALIZERS },
    }));
    // While shutting down, every answer closes its connection: a client (or a proxy) keeping
    // it alive would otherwise hold the exit until its keep-alive timeout.
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
    await app.listen({ host: options.host, port: options.port });
    if (metricsPort !== undefined) {
      // Its own listener, on loopback unless told otherwise: the figures are for monitoring, not clients.
      metricsApp = Fastify({ logger: false });
      metricsApp.get('/metrics', async (_request, reply) =>
        reply.type(METRICS_CONTENT_TYPE).send(await ctx.metrics.text()),
      );
      await metricsApp
        .listen({ host: options.metricsHost ?? '127.0.0.1', port: metricsPort })
        .catch(async (error: unknown) => {
          // The server itself is listening already: it must not keep the process alive.
          await app.close();
          throw error;
        });
    }
  } catch (error) {
    // The pool would keep the process alive (PostgreSQL), and the file open (SQLite).
    await sql.close();
    throw error;
  }
  const maintenance = store.startMaintenance();
  process.stdout.write(`listening on ${urlOf(app)}\n`);
  if (metricsApp) process.stdout.write(`metrics on ${urlOf(metricsApp)}/metrics\n`);
  ctx.auditForwarding?.start();

  // Graceful shutdown: stop accepting, let requests in flight finish (their writes are committed
  // before they are answered), then close the database. A stuck request cannot hold the exit forever.
  const stop = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      app.log.error('requests still running after 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void app
      .close()
      .then(() => metricsApp?.close())
      .then(() => maintenance?.stop())
      .then(() => sql.close())
      .then(
        () => process.exit(0),
        (error: Error) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
