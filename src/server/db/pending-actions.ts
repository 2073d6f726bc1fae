import type { GuardedAction, PendingActionState } from '../../shared/admin-api/vocabulary';
import type { Sql } from './sql';

/** A reset, disable or temporary code waiting out its cooldown (or how it ended). */
export interface PendingActionRow {
  id: number;
  userId: number;
  login: string;
  action: GuardedAction;
  actor: string;
  reason: string;
  proof: string;
  tempCodeId: number | null;
  createdAt: number;
  dueAt: number;
  state: PendingActionState;
  endedAt: number | null;
  endedBy: string | null;
}

interface Row {
  id: number;
  user_id: number;
  login: string;
  action: GuardedAction;
  actor: string;
  reason: string;
  proof: string;
  temp_code_id: number | null;
  created_at: number;
  due_at: number;
  state: PendingActionState;
  ended_at: number | null;
  ended_by: string | null;
}

const fromRow = (row: Row): PendingActionRow => ({
  id: Number(row.id),
  userId: Number(row.user_id),
  login: row.login,
  action: row.action,
  actor: row.actor,
  reason: row.reason,
  proof: row.proof,
  tempCodeId: row.temp_code_id === null ? null : Number(row.temp_code_id),
  createdAt: Number(row.created_at),
  dueAt: Number(row.due_at),
  state: row.state,
  endedAt: row.ended_at === null ? null : Number(row.ended_at),
  endedBy: row.ended_by,
});

const WITH_LOGIN = `pending_actions.*, (SELECT login FROM users WHERE users.id = pending_actions.user_id) AS login`;

/**
 * The actions that wait out a cooldown (pending_actions). Every change of state is one
 * conditional statement on `state = 'pending'`, so whichever server process (or the
 * user's stop link) gets there first wins and the others change nothing.
 */
export class PendingActionStore {
  constructor(private readonly sql: Sql) {}

  async insert(
    action: Omit<PendingActionRow, 'id' | 'login' | 'state' | 'endedAt' | 'endedBy'> & { stopHash: string },
  ): Promise<number> {
    const row = (await this.sql.get<{ id: number }>(
      `INSERT INTO pending_actions (user_id, action, actor, reason, proof, temp_code_id, created_at, due_at, stop_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        action.userId,
        action.action,
        action.actor,
        action.reason,
        action.proof,
        action.tempCodeId,
        action.createdAt,
        action.dueAt,
        action.stopHash,
      ],
    )) as { id: number };
    return Number(row.id);
  }

  async find(id: number): Promise<PendingActionRow | undefined> {
    const row = await this.sql.get<Row>(`SELECT ${WITH_LOGIN} FROM pending_actions WHERE id = ?`, [id]);
    return row && fromRow(row);
  }

  /** The action whose stop link carries this token hash, whatever its state. */
  async byStopHash(
    stopHash: string,
  ): Promise<(PendingActionRow & { stopUsedAt: number | null }) | undefined> {
    const row = await this.sql.get<Row & { stop_used_at: number | null }>(
      `SELECT ${WITH_LOGIN} FROM pending_actions WHERE stop_hash = ?`,
      [stopHash],
    );
    return (
      row && { ...fromRow(row), stopUsedAt: row.stop_used_at === null ? null : Number(row.stop_used_at) }
    );
  }

  /** Pending actions first (soonest due), then the latest ended ones; of one user when given. */
  async list(options: {
    userId?: number | undefined;
    endedSince: number;
    limit: number;
  }): Promise<PendingActionRow[]> {
    const ofUser = options.userId === undefined ? '' : 'user_id = :userId AND ';
    const rows = await this.sql.all<Row>(
      `SELECT ${WITH_LOGIN} FROM pending_actions
       WHERE ${ofUser}(state = 'pending' OR ended_at > :endedSince)
       ORDER BY CASE WHEN state = 'pending' THEN 0 ELSE 1 END,
         CASE WHEN state = 'pending' THEN due_at ELSE 0 - ended_at END, id DESC
       LIMIT :limit`,
      {
        ...(options.userId === undefined ? {} : { userId: options.userId }),
        endedSince: options.endedSince,
        limit: options.limit,
      },
    );
    return rows.map(fromRow);
  }

  /** Ids of the pending actions due at `now` (the scheduler then claims each with `end`). */
  async dueIds(now: number, limit: number): Promise<number[]> {
    const rows = await this.sql.all<{ id: number }>(
      `SELECT id FROM pending_actions WHERE state = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?`,
      [now, limit],
    );
    return rows.map((row) => Number(row.id));
  }

  /** Whether the account has a pending action of this kind. */
  async hasPending(userId: number, action: GuardedAction): Promise<boolean> {
    const row = await this.sql.get(
      `SELECT 1 AS found FROM pending_actions WHERE user_id = ? AND action = ? AND state = 'pending' LIMIT 1`,
      [userId, action],
    );
    return row !== undefined;
  }

  /**
   * Ends a pending action (done, cancelled or stopped): one conditional statement, so only
   * the first of the scheduler, a Cancel and the stop link wins. `dueBy`: only if due by then.
   */
  async end(
    id: number,
    to: Exclude<PendingActionState, 'pending'>,
    by: string,
    now: number,
    options: { dueBy?: number; beforeDue?: number } = {},
  ): Promise<boolean> {
    const due =
      options.dueBy !== undefined
        ? ' AND due_at <= :dueBy'
        : options.beforeDue !== undefined
          ? ' AND due_at > :beforeDue'
          : '';
    const result = await this.sql.run(
      `UPDATE pending_actions SET state = :to, ended_at = :now, ended_by = :by,
         stop_used_at = COALESCE(:stopUsedAt, stop_used_at)
       WHERE id = :id AND state = 'pending'${due}`,
      {
        id,
        to,
        by,
        now,
        stopUsedAt: to === 'stopped' ? now : null,
        ...(options.dueBy === undefined ? {} : { dueBy: options.dueBy }),
        ...(options.beforeDue === undefined ? {} : { beforeDue: options.beforeDue }),
      },
    );
    return result.changes === 1;
  }

  /** When the account's owner last stopped an action with their link (resets stay locked 24 hours after). */
  async lastStoppedAt(userId: number): Promise<number | null> {
    const row = await this.sql.get<{ at: number | null }>(
      `SELECT MAX(ended_at) AS at FROM pending_actions WHERE user_id = ? AND state = 'stopped'`,
      [userId],
    );
    return row?.at == null ? null : Number(row.at);
  }
}
