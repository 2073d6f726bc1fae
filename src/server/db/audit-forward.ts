import type { Sql } from './sql';
import type { AuditRow } from './audit';

/** An audit row with its place in the trail (forwarding resumes after the last one sent). */
export interface NumberedAuditRow extends AuditRow {
  id: number;
}

/**
 * What forwarding the audit trail needs of the database: rows after an id, and per destination the
 * last id delivered there with a lease, so that of several server processes on one database only one
 * forwards to a destination at a time (another takes over when its lease runs out).
 */
export class AuditForwardStore {
  constructor(private readonly sql: Sql) {}

  async after(id: number, limit: number): Promise<NumberedAuditRow[]> {
    const rows = await this.sql.all<
      Omit<NumberedAuditRow, 'clientAddress'> & { client_address: string | null }
    >(
      'SELECT id, at, actor, action, target, reason, result, client_address FROM audit WHERE id > ? ORDER BY id LIMIT ?',
      [id, limit],
    );
    return rows.map(({ client_address, ...row }) => ({
      ...row,
      id: Number(row.id),
      at: Number(row.at),
      clientAddress: client_address,
    }));
  }

  async countAfter(id: number): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit WHERE id > ?', [
      id,
    ]);
    return Number(row?.n ?? 0);
  }

  async delivered(sink: string): Promise<number> {
    const row = await this.sql.get<{ last_id: number | string }>(
      'SELECT last_id FROM audit_forward WHERE sink = ?',
      [sink],
    );
    return Number(row?.last_id ?? 0);
  }

  async setDelivered(sink: string, lastId: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO audit_forward (sink, last_id, owner, lease_until) VALUES (:sink, :lastId, '', 0)
       ON CONFLICT (sink) DO UPDATE SET last_id = :lastId WHERE audit_forward.last_id < :lastId`,
      { sink, lastId },
    );
  }

  /** Takes or renews the lease on `sink` for `owner` until `until`; true when this owner holds it. */
  async claim(sink: string, owner: string, now: number, until: number): Promise<boolean> {
    await this.sql.run(
      `INSERT INTO audit_forward (sink, last_id, owner, lease_until) VALUES (:sink, 0, :owner, :until)
       ON CONFLICT (sink) DO UPDATE SET owner = :owner, lease_until = :until
       WHERE audit_forward.owner = :owner OR audit_forward.lease_until < :now`,
      { sink, owner, now, until },
    );
    const row = await this.sql.get<{ owner: string }>('SELECT owner FROM audit_forward WHERE sink = ?', [
      sink,
    ]);
    return row?.owner === owner;
  }
}
