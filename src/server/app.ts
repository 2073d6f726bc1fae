import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import { API_PREFIX, registerAdminApi } from './api';
import { DEFAULT_FLOOD_LIMITS, type FloodLimits } from './audit';
import { AuditForwarding, type ForwardSettings } from './audit-forward';
import { systemServerClock, type ServerClock } from './clock';
import { createContext, type ContextOptions, type ServerContext } from './context';
import { HttpError } from './http-error';
import { apiLocale, wordsFor } from './i18n';
import { words } from '../shared/person-facing-error';
import type { MailConfig } from './mail/config';
import { smtpMailer } from './mail/mailer';
import { Gauge, ServerMetrics } from './metrics';
import { registerSecurityHeaders } from './security/headers';
import { fastifyTrustProxy, type TrustProxy } from './security/proxy';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './security/throttle';
import { anyPageWords, registerWebPages, renderErrorPage } from './web';
import { DRIFT_MEMORY_MS } from './services/two-factor';
import { runDueActions } from './guarded-effects';

/** How often the scheduler looks for pending actions that are due. */
export const DEFAULT_SCHEDULER_INTERVAL_MS = 30_000;

export interface ServerOptions {
  sql: ContextOptions['sql'];
  serverKey: Buffer;
  issuer?: string | undefined;
  /** Host names the otpauth issuer may be taken from (see context.ts). */
  allowedHosts?: readonly string[] | undefined;
  clock?: ServerClock;
  throttle?: ThrottlePolicy;
  /** How many failed sign-ins are recorded one by one before they are only counted. */
  auditFlood?: FloodLimits;
  /** Reverse proxies believed about the client's address and scheme (see security/proxy.ts). */
  trustProxy?: TrustProxy;
  /** The SMTP relay for notifications; none (the default) turns them off. */
  mail?: MailConfig | null;
  /** Where users stopping a help-desk action are reported; else every administrator with an email. */
  securityContact?: string | undefined;
  /** The server's address as users reach it (for mailed links); else the request's allowed host. */
  publicUrl?: string | undefined;
  /** How often pending actions that are due take effect (also once at start); 30 s by default. */
  schedulerIntervalMs?: number | undefined;
  /** fastify's logger (JSON lines, see LOG_SERIALIZERS); off by default (tests, the benchmark). */
  logger?: FastifyServerOptions['logger'];
  /** Where the audit trail is forwarded as it is written (syslog, JSON lines); none by default. */
  auditForwarding?: (ForwardSettings & { pollMs?: number; settleMs?: number }) | undefined;
}

/**
 * What a request's log line carries: the method, the path without its query, the route and the
 * client address; never a header, cookie or body, so no password, code, token or session id.
 */
export const LOG_SERIALIZERS = {
  req: (request: { method: string; url: string; ip: string; routeOptions?: { url?: string } }) => ({
    method: request.method,
    path: request.url.split('?')[0],
    route: request.routeOptions?.url,
    remoteAddress: request.ip,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

// Forms and API bodies are small; anything bigger is refused before parsing.
export const BODY_LIMIT_BYTES = 16 * 1024;

const FRIENDLY: Record<number, HttpError> = {
  400: new HttpError(400, 'bad_request', words('server.error.badRequest')),
  404: new HttpError(404, 'not_found', words('server.error.notFound')),
  405: new HttpError(405, 'method_not_allowed', words('server.error.methodNotAllowed')),
  413: new HttpError(413, 'too_large', words('server.error.tooLarge')),
  415: new HttpError(415, 'unsupported_media_type', words('server.error.unsupportedMediaType')),
};
const INTERNAL = new HttpError(500, 'internal', words('server.error.internal'));

/** The fastify app: used by `twofold-server serve`, by tests and by the benchmark. */
export async function buildServer(
  options: ServerOptions,
): Promise<{ app: FastifyInstance; ctx: ServerContext }> {
  const metrics = new ServerMetrics();
  const ctx = await createContext({
    metrics,
    sql: options.sql,
    serverKey: options.serverKey,
    clock: options.clock ?? systemServerClock,
    issuer: options.issuer,
    allowedHosts: options.allowedHosts,
    throttle: options.throttle ?? DEFAULT_THROTTLE,
    auditFlood: options.auditFlood ?? DEFAULT_FLOOD_LIMITS,
    mailer: options.mail ? smtpMailer(options.mail) : undefined,
    securityContact: options.securityContact,
    publicUrl: options.publicUrl,
  });
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    logger: options.logger ?? false,
    // Each request's log lines carry one id made here (a client's own header is not taken).
    genReqId: () => randomUUID(),
  });
  registerMetricsSources(app, ctx, metrics);
  // Only JSON (API) and urlencoded forms (pages) are accepted; anything else is a 415.
  app.removeContentTypeParser('text/plain');
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  registerSecurityHeaders(app);

  const isApi = (url: string): boolean => url.startsWith(`${API_PREFIX}/`) || url === API_PREFIX;

  app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
    let status = error.statusCode ?? 500;
    let answer: HttpError;
    if (error instanceof HttpError) {
      answer = error;
    } else if (status >= 400 && status < 500) {
      answer = FRIENDLY[status] ?? FRIENDLY[400]!;
    } else {
      status = 500;
      answer = INTERNAL;
      // The message only: a stack or request body could carry a secret.
      request.log.error({ err: error }, 'request failed');
    }
    return sendError(request, reply, status, answer);
  });

  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, FRIENDLY[404]!));

  /** An error in the asker's language: JSON for the admin API (Accept-Language), else a page. */
  async function sendError(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    error: HttpError,
  ): Promise<FastifyReply> {
    if (isApi(request.url)) {
      const message = error.words ? (await wordsFor(apiLocale(request))).say(error.words) : error.message;
      return reply.code(status).send({ error: error.code, message, ...error.extra });
    }
    const words = await anyPageWords(ctx, request);
    const message = error.words ? words.say(error.words) : error.message;
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage(words, status, error.code, message));
  }

  const forwarding =
    options.auditForwarding && (options.auditForwarding.syslog || options.auditForwarding.jsonLines)
      ? new AuditForwarding(ctx.stores, options.auditForwarding, {
          ...options.auditForwarding,
          onError: (destination, message) =>
            app.log.warn({ destination, error: message }, 'audit forwarding failed; will retry'),
        })
      : null;
  if (forwarding) {
    metrics.add(
      new Gauge(
        'twofold_audit_forward_backlog',
        'Audit records written but not yet delivered to a forwarding destination.',
        async () => (await forwarding.status()).map((s) => [{ destination: s.destination }, s.backlog]),
        ['destination'],
      ),
    );
  }
  ctx.auditForwarding = forwarding;
  // For monitoring: how many audit records wait to be forwarded (the destinations are for administrators:
  // GET /api/admin/v1/audit/forwarding, and the metric twofold_audit_forward_backlog).
  app.get('/healthz', async () => {
    if (!forwarding) return { ok: true };
    const backlog = (await forwarding.status()).reduce((sum, s) => sum + s.backlog, 0);
    return { ok: true, auditForwardBacklog: backlog };
  });
  // For a load balancer: whether this process can reach its database (while it shuts down, fastify answers 503).
  app.get('/readyz', async (_request, reply) => {
    try {
      await ctx.stores.ping();
      return { ready: true };
    } catch {
      return reply
        .code(503)
        .send({ ready: false, error: 'database_unreachable', message: 'The database cannot be reached.' });
    }
  });
  await app.register(registerAdminApi(ctx), { prefix: API_PREFIX });
  await app.register(registerWebPages(ctx));

  // Expired sessions and tokens are cleared now and then, not on every request.
  const purge = setInterval(() => {
    const now = ctx.clock.nowMs();
    Promise.all([
      ctx.webSessions.purgeExpired(now),
      ctx.apiTokens.purgeExpired(now),
      ctx.stores.codeOffsets.purgeBefore(now - DRIFT_MEMORY_MS),
      ctx.audit.flushClosedWindows(),
    ]).catch((error: Error) => app.log.error({ err: error }, 'clean-up failed'));
  }, 60_000);
  purge.unref();
  // Resets and temporary codes whose cooldown ended take effect: at start (a restart loses
  // none: they wait in the database) and on a timer. Each is claimed by one conditional
  // statement, so several processes on one PostgreSQL database apply each once.
  let scheduling: Promise<unknown> = Promise.resolve();
  const runScheduler = () => {
    scheduling = runDueActions(ctx).catch((error: Error) =>
      app.log.error({ err: error }, 'pending actions could not be applied'),
    );
  };
  const scheduler = setInterval(
    runScheduler,
    Math.max(50, options.schedulerIntervalMs ?? DEFAULT_SCHEDULER_INTERVAL_MS),
  );
  scheduler.unref();
  app.addHook('onReady', async () => runScheduler());
  app.addHook('onClose', async () => {
    clearInterval(purge);
    await forwarding?.stop();
    clearInterval(scheduler);
    await scheduling;
    await ctx.notifier.settle();
    ctx.notifier.close();
  });
  return { app, ctx };
}

/** Times every answer per route template (never the raw path: ids would make endless series) and adds the gauges. */
function registerMetricsSources(app: FastifyInstance, ctx: ServerContext, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  metrics.add(
    new Gauge(
      'twofold_mail_queue',
      'Security notifications handed to the SMTP relay and not yet sent.',
      () => [[{}, ctx.notifier.queued]],
    ),
  );
  metrics.add(
    new Gauge(
      'twofold_db_pool_connections',
      'Database connections busy with a query (in_use) and queries waiting for one (waiting).',
      () => {
        const stats = ctx.stores.poolStats();
        return [
          [{ state: 'in_use' }, stats.inUse],
          [{ state: 'waiting' }, stats.waiting],
        ];
      },
      ['state'],
    ),
  );
  metrics.add(
    new Gauge('twofold_migrations_applied', 'Schema migrations applied to the database.', async () => [
      [{}, await ctx.stores.schemaVersion()],
    ]),
  );
}
