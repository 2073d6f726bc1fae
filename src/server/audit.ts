import type { AuditRecord } from '../shared/admin-api/audit-record';
import type { Sql } from './db/sql';

export type { AuditRecord };

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  reason?: string | null;
  result: 'ok' | 'refused' | 'failed';
  clientAddress?: string | null;
}

export interface AuditQuery {
  actor?: string | undefined;
  target?: string | undefined;
  action?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
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
    private readonly sql: Sql,
    private readonly now: () => number,
    /** A keyed hash (the server key's MAC): an unknown login is recorded as one, never as typed. */
    private readonly keyedHash: (value: string) => string,
    private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.sql.run(
      'INSERT INTO audit (at, actor, action, target, reason, result, client_address) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        this.now(),
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.reason ?? null,
        entry.result,
        entry.clientAddress ?? null,
      ],
    );
  }

  /**
   * Who a failed sign-in was for, as the log may name it: the account's own login
   * when it exists; otherwise a keyed hash, so that whatever was typed (perhaps a
   * password in the wrong field) is never stored, yet repeats can be matched.
   */
  async signInActor(typed: string): Promise<string> {
    const account = await this.sql.get<{ login: string }>('SELECT login FROM users WHERE login = ?', [
      typed.trim(),
    ]);
    if (account) return account.login;
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
    const address = entry.clientAddress ?? '';
    const actor = await this.signInActor(entry.login);
    await this.sql.transaction(async () => {
      await this.flushClosedWindows(window);
      const counts = (await this.sql.get<{ overall: number; here: number }>(
        `SELECT COALESCE(SUM(recorded), 0) AS overall,
                COALESCE(SUM(CASE WHEN address = ? THEN recorded ELSE 0 END), 0) AS here
         FROM audit_flood WHERE window_start = ?`,
        [address, window],
      )) ?? { overall: 0, here: 0 };
      const oneByOne = counts.here < this.limits.perAddress && counts.overall < this.limits.overall;
      if (oneByOne) {
        await this.record({
          actor,
          action: entry.action,
          result: 'refused',
          clientAddress: entry.clientAddress,
        });
      }
      await this.sql.run(
        `INSERT INTO audit_flood (window_start, address, recorded, counted) VALUES (:window, :address, :recorded, :counted)
         ON CONFLICT (window_start, address) DO UPDATE SET
           recorded = audit_flood.recorded + :recorded, counted = audit_flood.counted + :counted`,
        { window, address, recorded: oneByOne ? 1 : 0, counted: oneByOne ? 0 : 1 },
      );
    });
  }

  /** Writes the summary line of every window that has ended, and forgets its counts. */
  async flushClosedWindows(currentWindow = this.now() - (this.now() % this.limits.windowMs)): Promise<void> {
    // Nothing to do most of the time: looked at before any transaction is opened.
    const pending = await this.sql.get(
      'SELECT 1 AS pending FROM audit_flood WHERE window_start < ? LIMIT 1',
      [currentWindow],
    );
    if (pending === undefined) return;
    await this.sql.transaction(async () => {
      // Deleted first (and returned), so two processes cannot both write a window's summary.
      const closed = await this.sql.all<{ window_start: number; address: string; counted: number }>(
        'DELETE FROM audit_flood WHERE window_start < ? RETURNING window_start, address, counted',
        [currentWindow],
      );
      const minutes = Math.round(this.limits.windowMs / 60_000);
      for (const row of closed) {
        if (row.counted === 0) continue;
        await this.sql.run(
          'INSERT INTO audit (at, actor, action, target, reason, result, client_address) VALUES (?, ?, ?, NULL, ?, ?, ?)',
          [
            row.window_start + this.limits.windowMs,
            ANONYMOUS_ACTOR,
            AGGREGATED_ACTION,
            `${row.counted} more failed sign-ins in these ${minutes} minutes, counted but not recorded one by one (at most ${this.limits.perAddress} per address and ${this.limits.overall} in all are).`,
            'refused',
            row.address === '' ? null : row.address,
          ],
        );
      }
    });
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    await this.flushClosedWindows();
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    const equal = { actor: query.actor, target: query.target, action: query.action };
    for (const [column, value] of Object.entries(equal)) {
      if (value === undefined) continue;
      where.push(`${column} = :${column}`);
      params[column] = value;
    }
    if (query.from !== undefined) {
      where.push('at >= :from');
      params.from = query.from;
    }
    if (query.to !== undefined) {
      where.push('at <= :to');
      params.to = query.to;
    }
    if (query.withoutAuthFailures) {
      // Fixed names, not input: the list is written into the SQL text.
      where.push(`NOT (action IN (${AUTH_ACTIONS.map((a) => `'${a}'`).join(', ')}) AND result <> 'ok')`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.sql.all<{
      at: number;
      actor: string;
      action: string;
      target: string | null;
      reason: string | null;
      result: string;
      client_address: string | null;
    }>(`SELECT * FROM audit ${filter} ORDER BY id DESC LIMIT :limit`, params);
    return rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      actor: row.actor,
      action: row.action,
      target: row.target,
      reason: row.reason,
      result: row.result,
      clientAddress: row.client_address,
    }));
  }
}
