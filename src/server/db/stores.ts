import { ApprovalStore } from './approvals';
import { AuditStore } from './audit';
import { AuditForwardStore } from './audit-forward';
import { AuditWitnessStore } from './audit-witness';
import { CallerCheckStore } from './caller-checks';
import { CodeOffsetStore } from './code-offsets';
import { FailedAttemptStore } from './failed-attempts';
import { MetaStore } from './meta';
import { schemaVersion } from './migrate';
import { PendingActionStore } from './pending-actions';
import { PolicyStore, ResetPolicyStore } from './policy';
import { ApiTokenStore, WebSessionStore } from './sessions';
import { SignInStore } from './sign-ins';
import type { Sql } from './sql';
import { TemporaryCodeStore } from './temporary-codes';
import { TrustedDeviceStore } from './trusted-devices';
import { TwoFactorStore } from './two-factor';
import { UserStore } from './users';

/**
 * Every store of the server's database, one per table group: the services' only way to
 * it (no SQL outside src/server/db; eslint.config.js enforces that).
 */
export interface Stores {
  readonly users: UserStore;
  readonly twoFactor: TwoFactorStore;
  readonly codeOffsets: CodeOffsetStore;
  readonly failedAttempts: FailedAttemptStore;
  readonly webSessions: WebSessionStore;
  readonly apiTokens: ApiTokenStore;
  readonly trustedDevices: TrustedDeviceStore;
  readonly temporaryCodes: TemporaryCodeStore;
  readonly signIns: SignInStore;
  readonly policies: PolicyStore;
  readonly callerChecks: CallerCheckStore;
  readonly approvals: ApprovalStore;
  readonly resetPolicies: ResetPolicyStore;
  readonly pendingActions: PendingActionStore;
  readonly audit: AuditStore;
  readonly auditForward: AuditForwardStore;
  readonly auditWitness: AuditWitnessStore;
  readonly meta: MetaStore;
  /**
   * Runs `work` atomically: whatever it does through any store joins the transaction,
   * and a throw rolls all of it back. Nested calls join the outer one. `work` should
   * only talk to the database.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Migrations applied to the schema (for the metrics). */
  schemaVersion(): Promise<number>;
  /** Connections busy and queries waiting for one (for the metrics); zeros on SQLite. */
  poolStats(): { inUse: number; waiting: number };
}

export function createStores(sql: Sql): Stores {
  return {
    users: new UserStore(sql),
    twoFactor: new TwoFactorStore(sql),
    codeOffsets: new CodeOffsetStore(sql),
    failedAttempts: new FailedAttemptStore(sql),
    webSessions: new WebSessionStore(sql),
    apiTokens: new ApiTokenStore(sql),
    trustedDevices: new TrustedDeviceStore(sql),
    temporaryCodes: new TemporaryCodeStore(sql),
    signIns: new SignInStore(sql),
    policies: new PolicyStore(sql),
    callerChecks: new CallerCheckStore(sql),
    approvals: new ApprovalStore(sql),
    resetPolicies: new ResetPolicyStore(sql),
    pendingActions: new PendingActionStore(sql),
    audit: new AuditStore(sql),
    auditForward: new AuditForwardStore(sql),
    auditWitness: new AuditWitnessStore(sql),
    meta: new MetaStore(sql),
    transaction: (work) => sql.transaction(work),
    ping: () => sql.ping(),
    schemaVersion: () => schemaVersion(sql),
    poolStats: () => sql.poolStats?.() ?? { inUse: 0, waiting: 0 },
  };
}
