import type { Sql } from './sql';

/** The head of a help-desk computer's local audit log, as sent with an action. */
export interface WitnessRow {
  /** The local log's id (random, made with its key). */
  logId: string;
  seq: number;
  /** The keyed hash of that record (64 hex digits). */
  head: string;
  /** The action the head was sent with, and on whom. */
  action: string;
  target: string | null;
  /** The help-desk computer that sent it (its host name), when it said. */
  computer?: string | undefined;
}

export interface StoredWitness extends WitnessRow {
  actor: string;
  at: number;
}

/** Heads of local audit logs, witnessed by this server (append-only, like the audit trail). */
export class AuditWitnessStore {
  constructor(private readonly sql: Sql) {}

  async add(actor: string, at: number, row: WitnessRow): Promise<void> {
    await this.sql.run(
      'INSERT INTO audit_witness (actor, at, log_id, seq, head, action, target, computer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [actor, at, row.logId, row.seq, row.head, row.action, row.target, row.computer ?? null],
    );
  }

  /** The heads this actor's logs sent, oldest first. */
  async byActor(actor: string, limit: number): Promise<StoredWitness[]> {
    const rows = await this.sql.all<{
      actor: string;
      at: number | string;
      log_id: string;
      seq: number | string;
      head: string;
      action: string;
      target: string | null;
      computer: string | null;
    }>(
      'SELECT actor, at, log_id, seq, head, action, target, computer FROM audit_witness WHERE actor = ? ORDER BY id DESC LIMIT ?',
      [actor, limit],
    );
    return rows.reverse().map((row) => ({
      actor: row.actor,
      at: Number(row.at),
      logId: row.log_id,
      seq: Number(row.seq),
      head: row.head,
      action: row.action,
      target: row.target,
      computer: row.computer ?? undefined,
    }));
  }
}
