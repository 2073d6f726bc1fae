import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/connection';
import { createGroupCommit } from '../../src/server/db/group-commit';

describe('group commit on a real SQLite file', () => {
  let dir: string;
  let db: Db;
  let reader: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-group-commit-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    reader = new Database(join(dir, 'db.sqlite'), { readonly: true });
  });

  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (text: string) => () =>
    Number(db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid);
  const emptyWal = () => db.pragma('wal_checkpoint(TRUNCATE)');
  /** Pages in the WAL: every commit appends the pages it changed, so commits show as frames. */
  const walFrames = (): number => {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    return row?.log ?? -1;
  };
  const count = (): number => (reader.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;

  it('commits units submitted in the same turn once, and answers each with its own result', async () => {
    const inGroup = createGroupCommit(db);
    emptyWal();
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => inGroup(insert(`together ${i}`))));
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const together = walFrames();

    emptyWal();
    for (let i = 0; i < 50; i++) await inGroup(insert(`apart ${i}`));
    const apart = walFrames();

    expect(count()).toBe(100);
    // One commit wrote the table page once; fifty commits wrote it fifty times.
    expect(together).toBeLessThan(5);
    expect(apart).toBeGreaterThanOrEqual(50);
  });

  it('rolls back a failing unit alone: its caller gets the error, the others keep their writes', async () => {
    const inGroup = createGroupCommit(db);
    const failing = () => {
      insert('written, then rolled back')();
      insert('duplicate')();
      insert('duplicate')(); // UNIQUE constraint
    };
    const results = await Promise.allSettled([
      inGroup(insert('before')),
      inGroup(failing),
      inGroup(insert('after')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    const texts = reader.prepare('SELECT text FROM notes ORDER BY id').pluck().all();
    expect(texts).toEqual(['before', 'after']);
  });

  it('answers only once the writes are visible to another connection', async () => {
    const inGroup = createGroupCommit(db);
    const seen = await inGroup(insert('visible')).then(() => count());
    expect(seen).toBe(1);
    // Before the turn ends nothing has run: the unit waits for the group.
    const pending = inGroup(insert('later'));
    expect(count()).toBe(1);
    await pending;
    expect(count()).toBe(2);
  });
});
