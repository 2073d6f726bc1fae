import type { GuardedAction } from '../../shared/admin-api/vocabulary';
import type { Sql } from './sql';

/** A four-eyes request as stored: asked by one staff member, approved by another, used once. */
export interface ApprovalRow {
  id: number;
  userId: number;
  action: GuardedAction;
  reason: string;
  requestedBy: string;
  requestedAt: number;
  approvedBy: string | null;
  approvedAt: number | null;
  usedAt: number | null;
}

/** An approval with the target account's names, as the lists show it. */
export interface ApprovalListRow extends ApprovalRow {
  login: string;
  name: string;
  role: string;
}

interface Row {
  id: number;
  user_id: number;
  action: GuardedAction;
  reason: string;
  requested_by: string;
  requested_at: number;
  approved_by: string | null;
  approved_at: number | null;
  used_at: number | null;
}

const fromRow = (row: Row): ApprovalRow => ({
  id: Number(row.id),
  userId: Number(row.user_id),
  action: row.action,
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedAt: Number(row.requested_at),
  approvedBy: row.approved_by,
  approvedAt: row.approved_at === null ? null : Number(row.approved_at),
  usedAt: row.used_at === null ? null : Number(row.used_at),
});

/** Four-eyes approvals of resets, disables and temporary codes (approvals). */
export class ApprovalStore {
  constructor(private readonly sql: Sql) {}

  async insert(request: {
    userId: number;
    action: GuardedAction;
    reason: string;
    requestedBy: string;
    requestedAt: number;
  }): Promise<number> {
    const row = (await this.sql.get<{ id: number }>(
      `INSERT INTO approvals (user_id, action, reason, requested_by, requested_at)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
      [request.userId, request.action, request.reason, request.requestedBy, request.requestedAt],
    )) as { id: number };
    return Number(row.id);
  }

  async find(id: number): Promise<ApprovalRow | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM approvals WHERE id = ?', [id]);
    return row && fromRow(row);
  }

  /** Requests made after `since`, newest first, with the target's names. */
  async since(since: number, limit: number): Promise<ApprovalListRow[]> {
    const rows = await this.sql.all<Row & { login: string; name: string; role: string }>(
      `SELECT approvals.*, users.login, users.name, users.role FROM approvals
       JOIN users ON users.id = approvals.user_id
       WHERE approvals.requested_at > ? ORDER BY approvals.id DESC LIMIT ?`,
      [since, limit],
    );
    return rows.map((row) => ({ ...fromRow(row), login: row.login, name: row.name, role: row.role }));
  }

  /**
   * Approves a waiting request in one conditional statement (two approvers at once: one wins);
   * false when it is no longer waiting, was asked before `askedAfter`, or `approver` asked it.
   */
  async approve(id: number, approver: string, now: number, askedAfter: number): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE approvals SET approved_by = :approver, approved_at = :now
       WHERE id = :id AND approved_at IS NULL AND requested_by <> :approver AND requested_at > :askedAfter`,
      { id, approver, now, askedAfter },
    );
    return result.changes === 1;
  }

  /**
   * Spends an approval of this action on this user, asked by `requester`, approved after
   * `approvedAfter`: one conditional statement, so it is used once whichever process sees it.
   */
  async use(
    id: number,
    use: { userId: number; action: GuardedAction; requester: string; approvedAfter: number; now: number },
  ): Promise<boolean> {
    const result = await this.sql.run(
      `UPDATE approvals SET used_at = :now
       WHERE id = :id AND user_id = :userId AND action = :action AND requested_by = :requester
         AND approved_at IS NOT NULL AND approved_at > :approvedAfter AND used_at IS NULL`,
      { id, ...use },
    );
    return result.changes === 1;
  }
}
