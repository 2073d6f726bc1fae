import type { FastifyRequest } from 'fastify';
import { AuditLog, type FloodLimits } from './audit';
import type { ServerClock } from './clock';
import type { Db } from './db/connection';
import { createGroupCommit } from './db/group-commit';
import { ApiTokenStore, WebSessionStore } from './db/sessions';
import { UserStore, type LockRule } from './db/users';
import { createSecretBox, type SecretBox } from './security/secret-box';
import { checkServerKey } from './security/server-key';
import { Throttle, type ThrottlePolicy } from './security/throttle';
import { TrustedDevices } from './services/trusted-devices';
import { TwoFactorService } from './services/two-factor';

/** Every service the routes use, built once per server (the composition root). */
export interface ServerContext {
  readonly db: Db;
  /** Runs a unit of writes in the next group commit (see db/group-commit.ts); settles after the commit. */
  readonly groupCommit: <T>(work: () => T) => Promise<T>;
  readonly clock: ServerClock;
  readonly box: SecretBox;
  readonly users: UserStore;
  readonly webSessions: WebSessionStore;
  readonly apiTokens: ApiTokenStore;
  readonly twoFactor: TwoFactorService;
  readonly trusted: TrustedDevices;
  readonly throttle: Throttle;
  readonly audit: AuditLog;
  /** The otpauth issuer: the configured name, else the host name the client used if it is allowed, else the first allowed. */
  issuerFor(request: FastifyRequest): string;
  lockRule(): LockRule;
}

export interface ContextOptions {
  db: Db;
  serverKey: Buffer;
  clock: ServerClock;
  issuer?: string | undefined;
  /** Host names this server is reached by (lower case): the only ones that can become the issuer. */
  allowedHosts?: readonly string[] | undefined;
  throttle: ThrottlePolicy;
  auditFlood?: FloodLimits;
}

/** The issuer when neither a name nor a host name is configured. */
export const DEFAULT_ISSUER = 'Twofold';

export function createContext(options: ContextOptions): ServerContext {
  const { db, clock } = options;
  const box = createSecretBox(options.serverKey);
  checkServerKey(db, box);
  const users = new UserStore(db);
  const webSessions = new WebSessionStore(db);
  const apiTokens = new ApiTokenStore(db);
  const throttle = new Throttle(db, clock, options.throttle);
  return {
    db,
    groupCommit: createGroupCommit(db),
    clock,
    box,
    users,
    webSessions,
    apiTokens,
    twoFactor: new TwoFactorService(db, users, box, webSessions, apiTokens, clock),
    trusted: new TrustedDevices(db, box),
    throttle,
    audit: new AuditLog(
      db,
      () => clock.nowMs(),
      (value) => box.mac(value),
      options.auditFlood,
    ),
    issuerFor(request) {
      if (options.issuer !== undefined && options.issuer !== '') return options.issuer;
      // The Host header (or X-Forwarded-Host) is whatever the client sent: only a listed name is taken.
      const host = request.hostname
        .replace(/:\d+$/, '')
        .replace(/^\[|\]$/g, '')
        .toLowerCase();
      const allowed = options.allowedHosts ?? [];
      return allowed.includes(host) ? host : (allowed[0] ?? DEFAULT_ISSUER);
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
