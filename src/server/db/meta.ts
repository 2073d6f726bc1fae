import type { Sql } from './sql';

/** Named values the server keeps about its own database (e.g. the server key's check value). */
export class MetaStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores `value` under `name` unless a value is already there, and returns the value
   * now stored: the first process to ask wins, every later one (on any machine) reads it.
   */
  async setIfAbsent(name: string, value: string): Promise<string | undefined> {
    await this.sql.run('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [
      name,
      value,
    ]);
    const row = await this.sql.get<{ value: string }>('SELECT value FROM meta WHERE name = ?', [name]);
    return row?.value;
  }
}
