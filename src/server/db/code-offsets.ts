import type { Sql } from './sql';

/** One code as the server saw it: which time step it matched, counted from the server's own. */
export interface CodeOffset {
  /** Steps from the server's current step: negative for a code from the past (a phone that runs late). */
  readonly stepOffset: number;
  readonly at: number;
  /** False for a refused code that would only have matched outside the accepted window. */
  readonly accepted: boolean;
}

/** How far each account's authenticator runs from the server's clock (code_offsets). */
export class CodeOffsetStore {
  constructor(private readonly sql: Sql) {}

  async record(userId: number, offset: CodeOffset): Promise<void> {
    await this.sql.run('INSERT INTO code_offsets (user_id, at, step_offset, accepted) VALUES (?, ?, ?, ?)', [
      userId,
      offset.at,
      offset.stepOffset,
      offset.accepted ? 1 : 0,
    ]);
  }

  /** The account's latest codes since `since`, newest first. */
  async recent(userId: number, since: number, limit: number): Promise<CodeOffset[]> {
    const rows = await this.sql.all<{ at: number; step_offset: number; accepted: number }>(
      `SELECT at, step_offset, accepted FROM code_offsets
       WHERE user_id = ? AND at >= ? ORDER BY id DESC LIMIT ?`,
      [userId, since, limit],
    );
    return rows.map((r) => ({ at: Number(r.at), stepOffset: r.step_offset, accepted: r.accepted === 1 }));
  }

  /** A new authenticator has a clock of its own: what the old one measured no longer applies. */
  async clear(userId: number): Promise<void> {
    await this.sql.run('DELETE FROM code_offsets WHERE user_id = ?', [userId]);
  }

  /** Measurements too old to say anything about the phone's clock today. */
  async purgeBefore(at: number): Promise<void> {
    await this.sql.run('DELETE FROM code_offsets WHERE at < ?', [at]);
  }
}
