// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/sqlite/connection';
import { SqliteSql } from '../../src/server/db/sqlite/sqlite-sql';

describe('group commit of the SQLite store on a real file', () => {
  let dir: string;
  let db: Db;
  let sql: SqliteSql;
  let reader: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-group-commit-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    sql = new SqliteSql(db);
    reader = new Database(join(dir, 'db.sqlite'), { readonly: true });
  });

  afterEach(async () => {
    reader.close();
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = async (text: string): Promise<number> =>
    (await sql.get<{ id: number }>('INSERT INTO notes (text) VALUES (?) RETURNING id', [text]))!.id;
  const emptyWal = () => db.pragma('wal_checkpoint(TRUNCATE)');
  /** Pages in the WAL: every commit appends the pages it changed, so commits show as frames. */
  const walFrames = (): number => {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    return row?.log ?? -1;
  };
  const count = (): number => (reader.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;

  it('commits writes issued in the same turn once, and answers each with its own result', async () => {
    emptyWal();
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => insert(`together ${i}`)));
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const together = walFrames();

    emptyWal();
    for (let i = 0; i < 50; i++) await insert(`apart ${i}`);
    const apart = walFrames();

    expect(count()).toBe(100);
    // One commit wrote the table page once; fifty commits wrote it fifty times.
    expect(together).toBeLessThan(5);
    expect(apart).toBeGreaterThanOrEqual(50);
  });

  it('rolls back a failing transaction alone: its caller gets the error, the others keep their writes', async () => {
    const failing = sql.transaction(async () => {
      await insert('written, then rolled back');
      await insert('duplicate');
      await insert('duplicate'); // UNIQUE constraint
    });
    const results = await Promise.allSettled([insert('before'), failing, insert('after')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    const texts = reader.prepare('SELECT text FROM notes ORDER BY id').pluck().all();
    expect(texts).toEqual(['before', 'after']);
  });

  it('keeps other requests out of a transaction while it runs, and a failed statement to its caller', async () => {
    const order: string[] = [];
    const inside = sql.transaction(async () => {
      await insert('a');
      order.push('transaction: a');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await insert('b');
      order.push('transaction: b');
    });
    const outside = insert('c').then(() => order.push('outside: c'));
    const duplicate = insert('a'); // after the transaction: a UNIQUE violation, for this caller only
    await Promise.allSettled([inside, outside, duplicate]);
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    expect(order).toEqual(['transaction: a', 'transaction: b', 'outside: c']);
    expect(reader.prepare('SELECT text FROM notes ORDER BY id').pluck().all()).toEqual(['a', 'b', 'c']);
  });

  it('answers only once the writes are visible to another connection', async () => {
    const seen = await insert('visible').then(() => count());
    expect(seen).toBe(1);
    // Before the turn ends nothing is committed: the write waits for the group.
    const pending = insert('later');
    expect(count()).toBe(1);
    await pending;
    expect(count()).toBe(2);
  });
});
