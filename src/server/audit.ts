import type { AuditRecord } from '../shared/admin-api/audit-record';
import type { AuditFilter, AuditRow } from './db/audit';
import type { Stores } from './db/stores';
import { addressKey } from './security/address-key';

export type { AuditRecord };

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  reason?: string | null;
  result: 'ok' | 'refused' | 'failed';
  clientAddress?: string | null;
  /** The proof of the caller's identity a reset, disable or temporary code rests on (issue 25). */
  proof?: string | null;
}

export interface AuditQuery extends Omit<AuditFilter, 'withoutFailuresOf'> {
  /** Leave out failed sign-ins and identity checks (only administrators read them). */
  withoutAuthFailures?: boolean | undefined;
}

/** Sign-in and identity-check actions: their failures are for administrators' eyes only. */
export const AUTH_ACTIONS = [
  'web.login',
  'web.login.2fa',
  'web.login.recovery-code',
  'api.session',
  'api.step-up',
  'auth.failures',
] as const;

/** The summary of failed sign-ins that were counted instead of recorded one by one. */
export const AGGREGATED_ACTION = 'auth.failures';
export const ANONYMOUS_ACTOR = '(not signed in)';

/**
 * Failed sign-ins come from people not signed in, so anyone can cause them: per
 * window, the first few from an address (and a bounded number overall) are
 * recorded one by one; the rest are counted and written as one summary line per
 * address when the window ends.
 */
export interface FloodLimits {
  readonly windowMs: number;
  readonly perAddress: number;
  readonly overall: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { windowMs: 10 * 60_000, perAddress: 10, overall: 500 };

/** The append-only trail of who did what to whom and why (the table refuses updates and deletes). */
export class AuditLog {
  constructor(
    private readonly stores: Pick<Stores, 'audit' | 'users' | 'transaction'>,
    private readonly now: () => number,
    /** A keyed hash (the server key's MAC): an unknown login is recorded as one, never as typed. */
    private readonly keyedHash: (value: string) => string,
    private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.stores.audit.append({ ...this.line(entry), result: entry.result });
  }

  /** The line `record` would append now, but its result: for a store that writes it with other changes. */
  line(entry: Omit<AuditEntry, 'result'>): Omit<AuditRow, 'result'> {
    return {
      at: this.now(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      reason: entry.reason ?? null,
      clientAddress: entry.clientAddress ?? null,
      ...(entry.proof === undefined ? {} : { proof: entry.proof }),
    };
  }

  /**
   * Who a failed sign-in was for, as the log may name it: the account's own login
   * when it exists; otherwise a keyed hash, so that whatever was typed (perhaps a
   * password in the wrong field) is never stored, yet repeats can be matched.
   */
  async signInActor(typed: string): Promise<string> {
    const login = await this.stores.users.existingLogin(typed.trim());
    if (login !== undefined) return login;
    return `unknown login #${this.keyedHash(`audit:login:${typed.trim().toLowerCase()}`).slice(0, 12)}`;
  }

  /** A failed sign-in by someone not signed in: recorded, or counted once the limits are reached. */
  async recordFailedSignIn(entry: {
    action: string;
    login: string;
    clientAddress: string | null;
  }): Promise<void> {
    const now = this.now();
    const window = now - (now % this.limits.windowMs);
    // Counted per address key, as the throttle counts (an IPv6 client by its /64).
    const address = entry.clientAddress === null ? '' : addressKey(entry.clientAddress);
    const actor = await this.signInActor(entry.login);
    await this.stores.transaction(async () => {
      await this.flushClosedWindows(window);
      const counts = await this.stores.audit.recordedIn(window, address);
      const oneByOne = counts.here < this.limits.perAddress && counts.overall < this.limits.overall;
      if (oneByOne) {
        await this.record({
          actor,
          action: entry.action,
          result: 'refused',
          clientAddress: entry.clientAddress,
        });
      }
      await this.stores.audit.addToFlood(window, address, {
        recorded: oneByOne ? 1 : 0,
        counted: oneByOne ? 0 : 1,
      });
    });
  }

  /** Writes the summary line of every window that has ended, and forgets its counts. */
  async flushClosedWindows(currentWindow = this.now() - (this.now() % this.limits.windowMs)): Promise<void> {
    // Nothing to do most of the time: looked at before any transaction is opened.
    if (!(await this.stores.audit.hasFloodBefore(currentWindow))) return;
    await this.stores.transaction(async () => {
      // Taken (deleted) first, so two processes cannot both write a window's summary.
      const closed = await this.stores.audit.takeFloodBefore(currentWindow);
      const minutes = Math.round(this.limits.windowMs / 60_000);
      for (const row of closed) {
        if (row.counted === 0) continue;
        await this.stores.audit.append({
          at: row.windowStart + this.limits.windowMs,
          actor: ANONYMOUS_ACTOR,
          action: AGGREGATED_ACTION,
          target: null,
          reason: `${row.counted} more failed sign-ins in these ${minutes} minutes, counted but not recorded one by one (at most ${this.limits.perAddress} per address and ${this.limits.overall} in all are).`,
          result: 'refused',
          clientAddress: row.address === '' ? null : row.address,
        });
      }
    });
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    await this.flushClosedWindows();
    const { withoutAuthFailures, ...filter } = query;
    const rows = await this.stores.audit.query({
      ...filter,
      withoutFailuresOf: withoutAuthFailures === true ? AUTH_ACTIONS : undefined,
    });
    return rows.map((row) => ({
      ...row,
      at: new Date(Number(row.at)).toISOString(),
      proof: row.proof ?? null,
    }));
  }
}
