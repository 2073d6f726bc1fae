import type { AuditRecord } from '../shared/admin-api/audit-record';
import type { Db } from './db/connection';

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
}

/** The append-only trail of who did what to whom and why (the table refuses updates and deletes). */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  record(entry: AuditEntry): void {
    this.db
      .prepare(
        'INSERT INTO audit (at, actor, action, target, reason, result, client_address) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        this.now(),
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.reason ?? null,
        entry.result,
        entry.clientAddress ?? null,
      );
  }

  query(query: AuditQuery): AuditRecord[] {
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
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.db
      .prepare<
        Record<string, unknown>,
        {
          at: number;
          actor: string;
          action: string;
          target: string | null;
          reason: string | null;
          result: string;
          client_address: string | null;
        }
      >(`SELECT * FROM audit ${filter} ORDER BY id DESC LIMIT :limit`)
      .all(params)
      .map((row) => ({
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
