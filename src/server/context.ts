import type { FastifyRequest } from 'fastify';
import { readableServerName } from '../shared/admin-api/server-name';
import { AuditLog, type FloodLimits } from './audit';
import type { ForwardStatus } from './audit-forward';
import type { ServerClock } from './clock';
import type { ApiTokenStore, WebSessionStore } from './db/sessions';
import type { Sql } from './db/sql';
import { createStores, type Stores } from './db/stores';
import type { LockRule, UserStore } from './db/users';
import { createSecretBox, type SecretBox } from './security/secret-box';
import { checkServerKey } from './security/server-key';
import { Throttle, type ThrottlePolicy } from './security/throttle';
import { disabledMailer, type Mailer } from './mail/mailer';
import { ServerMetrics } from './metrics';
import { Notifier, type EventOrigin } from './mail/notifications';
import { CallerChecks } from './services/caller-checks';
import { EnforcementPolicy } from './services/enforcement-policy';
import { GuardedActions } from './services/guarded-actions';
import { SignInHistory } from './services/sign-in-history';
import { TemporaryCodes } from './services/temporary-codes';
import { deviceName, TrustedDevices } from './services/trusted-devices';
import { TwoFactorService } from './services/two-factor';

/** Every service the routes use, built once per server (the composition root). */
export interface ServerContext {
  /** The database's stores (SQLite or PostgreSQL); the services below are built on them. */
  readonly stores: Stores;
  readonly clock: ServerClock;
  readonly box: SecretBox;
  readonly users: UserStore;
  readonly webSessions: WebSessionStore;
  readonly apiTokens: ApiTokenStore;
  readonly twoFactor: TwoFactorService;
  readonly trusted: TrustedDevices;
  readonly throttle: Throttle;
  readonly audit: AuditLog;
  readonly temporaryCodes: TemporaryCodes;
  readonly signIns: SignInHistory;
  readonly policy: EnforcementPolicy;
  readonly callerChecks: CallerChecks;
  /** Issue 25: proofs before a reset, four-eyes approvals, the reset policy and cooldowns. */
  readonly guarded: GuardedActions;
  /** Who is told when a user stops an action with their link (else every administrator with an email). */
  readonly securityContact: string | undefined;
  /** Emails account owners about security events (off when no SMTP relay is configured). */
  readonly notifier: Notifier;
  /** Counters and histograms for GET /metrics (kept whether or not it is served). */
  readonly metrics: ServerMetrics;
  /** Where the audit trail is forwarded and each destination's backlog; set by buildServer, null when off. */
  auditForwarding?: { status(): Promise<ForwardStatus[]>; start(): void } | null;
  /** When, from where and on which server a request happened, for notifications. */
  originOf(request: FastifyRequest): EventOrigin;
  /**
   * The otpauth issuer: the configured name, else the host name the client used if it is allowed,
   * else the first allowed; an address is named "Twofold (address, port N)".
   */
  issuerFor(request: FastifyRequest): string;
  /** The server's name for mails sent outside a request (the scheduler): the issuer, else the first allowed host. */
  serverName(): string;
  /**
   * The start of links mailed to users (`https://host`): the public URL when configured, else
   * the scheme and host of this request if the host is allowed, else the first allowed host.
   */
  linkBaseFor(request: FastifyRequest): string;
  lockRule(): LockRule;
}

export interface ContextOptions {
  /** The database, SQLite or PostgreSQL (db/open.ts). */
  sql: Sql;
  serverKey: Buffer;
  clock: ServerClock;
  issuer?: string | undefined;
  /** Host names this server is reached by (lower case): the only ones that can become the issuer. */
  allowedHosts?: readonly string[] | undefined;
  throttle: ThrottlePolicy;
  auditFlood?: FloodLimits;
  mailer?: Mailer | undefined;
  metrics?: ServerMetrics | undefined;
  /** Where users stopping an action are reported (TWOFOLD_SERVER_SECURITY_CONTACT). */
  securityContact?: string | undefined;
  /** The server's address as users reach it, for mailed links (TWOFOLD_SERVER_PUBLIC_URL). */
  publicUrl?: string | undefined;
}

/** The issuer when neither a name nor a host name is configured. */
export const DEFAULT_ISSUER = 'Twofold';

export async function createContext(options: ContextOptions): Promise<ServerContext> {
  const { clock } = options;
  const stores = createStores(options.sql);
  const box = createSecretBox(options.serverKey);
  await checkServerKey(stores.meta, box);
  const metrics = options.metrics ?? new ServerMetrics();
  const throttle = new Throttle(stores, clock, options.throttle, metrics);
  const issuerFor = (request: FastifyRequest): string => {
    if (options.issuer !== undefined && options.issuer !== '') return options.issuer;
    // The Host header (or X-Forwarded-Host) is whatever the client sent: only a listed name is taken.
    const host = request.hostname
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase();
    const allowed = options.allowedHosts ?? [];
    const name = allowed.includes(host) ? host : allowed[0];
    // An address alone ("127.0.0.1") is no name for a person: it becomes "Twofold (127.0.0.1, port 8069)".
    return name === undefined ? DEFAULT_ISSUER : readableServerName(name, request.port);
  };

  return {
    stores,
    clock,
    box,
    users: stores.users,
    webSessions: stores.webSessions,
    apiTokens: stores.apiTokens,
    twoFactor: new TwoFactorService(stores, box, clock),
    trusted: new TrustedDevices(stores, box),
    throttle,
    audit: new AuditLog(
      stores,
      () => clock.nowMs(),
      (value) => box.mac(value),
      options.auditFlood,
    ),
    temporaryCodes: new TemporaryCodes(stores.temporaryCodes, box, metrics),
    signIns: new SignInHistory(stores.signIns),
    policy: new EnforcementPolicy(stores),
    callerChecks: new CallerChecks(stores, box),
    guarded: new GuardedActions(stores, box, clock),
    securityContact: options.securityContact,
    notifier: new Notifier(options.mailer ?? disabledMailer),
    metrics,
    originOf: (request) => ({
      server: issuerFor(request),
      at: clock.nowMs(),
      address: request.ip,
      device: deviceName(request.headers['user-agent']),
    }),
    issuerFor,
    serverName() {
      if (options.issuer !== undefined && options.issuer !== '') return options.issuer;
      const first = options.allowedHosts?.[0];
      return first === undefined ? DEFAULT_ISSUER : readableServerName(first, undefined);
    },
    linkBaseFor(request) {
      if (options.publicUrl !== undefined && options.publicUrl !== '')
        return options.publicUrl.replace(/\/+$/, '');
      const host = request.hostname
        .replace(/:\d+$/, '')
        .replace(/^\[|\]$/g, '')
        .toLowerCase();
      const allowed = options.allowedHosts ?? [];
      const name = allowed.includes(host) ? host : (allowed[0] ?? host);
      const shown = name.includes(':') ? `[${name}]` : name;
      return `${request.protocol}://${shown}${request.port === undefined ? '' : `:${request.port}`}`;
    },
    lockRule() {
      return {
        lockAfter: options.throttle.account.lockAfter,
        lockMs: options.throttle.lockMs,
        now: clock.nowMs(),
      };
    },
  };
}
