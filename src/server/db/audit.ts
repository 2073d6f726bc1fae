import { likeOf, type Sql } from './sql';

/** One line of the audit trail as stored. */
export interface AuditRow {
  at: number;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  result: string;
  clientAddress: string | null;
  /** The proof of the caller's identity a reset, disable or temporary code rests on (issue 25). */
  proof?: string | null;
}

export interface AuditFilter {
  actor?: string | undefined;
  target?: string | undefined;
  action?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  /** Leaves out the lines of these actions whose result is not 'ok'. */
  withoutFailuresOf?: readonly string[] | undefined;
}

/** Per window and client address: failed sign-ins recorded one by one, and counted only. */
export interface FloodCount {
  windowStart: number;
  address: string;
  counted: number;
}

/** The audit trail (append-only: the table refuses updates and deletes) and its flood counts. */
export class AuditStore {
  constructor(private readonly sql: Sql) {}

  async append(row: AuditRow): Promise<void> {
    await this.sql.run(
      'INSERT INTO audit (at, actor, action, target, reason, result, client_address, proof) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        row.at,
        row.actor,
        row.action,
        row.target,
        row.reason,
        row.result,
        row.clientAddress,
        row.proof ?? null,
      ],
    );
  }

  /** Newest first. */
  async query(filter: AuditFilter): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    if (filter.actor !== undefined) {
      // The actor by login, or by the person's name (part of it, any case), as the console's filter says.
      const like = likeOf(this.sql);
      where.push(
        `(actor = :actor OR actor IN (SELECT login FROM users WHERE name ${like} :actorName ESCAPE '\\'))`,
      );
      params.actor = filter.actor;
      params.actorName = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const equal = { target: filter.target, action: filter.action };
    for (const [column, value] of Object.entries(equal)) {
      if (value === undefined) continue;
      where.push(`${column} = :${column}`);
      params[column] = value;
    }
    if (filter.from !== undefined) {
      where.push('at >= :from');
      params.from = filter.from;
    }
    if (filter.to !== undefined) {
      where.push('at <= :to');
      params.to = filter.to;
    }
    const quiet = filter.withoutFailuresOf ?? [];
    if (quiet.length > 0) {
      const names = quiet.map((action, i) => {
        params[`quiet${i}`] = action;
        return `:quiet${i}`;
      });
      where.push(`NOT (action IN (${names.join(', ')}) AND result <> 'ok')`);
    }
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.sql.all<Omit<AuditRow, 'clientAddress'> & { client_address: string | null }>(
      `SELECT at, actor, action, target, reason, result, client_address, proof FROM audit ${condition} ORDER BY id DESC LIMIT :limit`,
      params,
    );
    return rows.map(({ client_address, ...row }) => ({ ...row, clientAddress: client_address }));
  }

  /** How many failed sign-ins the window has recorded one by one: in all, and from `address`. */
  async recordedIn(windowStart: number, address: string): Promise<{ overall: number; here: number }> {
    const counts = await this.sql.get<{ overall: number; here: number }>(
      `SELECT COALESCE(SUM(recorded), 0) AS overall,
              COALESCE(SUM(CASE WHEN address = ? THEN recorded ELSE 0 END), 0) AS here
       FROM audit_flood WHERE window_start = ?`,
      [address, windowStart],
    );
    return counts ?? { overall: 0, here: 0 };
  }

  /** Adds to the window's counts for `address`. */
  async addToFlood(
    windowStart: number,
    address: string,
    add: { recorded: number; counted: number },
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO audit_flood (window_start, address, recorded, counted) VALUES (:window, :address, :recorded, :counted)
       ON CONFLICT (window_start, address) DO UPDATE SET
         recorded = audit_flood.recorded + :recorded, counted = audit_flood.counted + :counted`,
      { window: windowStart, address, ...add },
    );
  }

  /** Whether any window before `windowStart` still has counts (one indexed look, no lock). */
  async hasFloodBefore(windowStart: number): Promise<boolean> {
    const row = await this.sql.get('SELECT 1 AS pending FROM audit_flood WHERE window_start < ? LIMIT 1', [
      windowStart,
    ]);
    return row !== undefined;
  }

  /**
   * Deletes the counts of every window before `windowStart` and returns them: deleted
   * first, so two processes cannot both take the same window.
   */
  async takeFloodBefore(windowStart: number): Promise<FloodCount[]> {
    const rows = await this.sql.all<{ window_start: number; address: string; counted: number }>(
      'DELETE FROM audit_flood WHERE window_start < ? RETURNING window_start, address, counted',
      [windowStart],
    );
    return rows.map((row) => ({ windowStart: row.window_start, address: row.address, counted: row.counted }));
  }
}
