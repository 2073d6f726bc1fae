import type { Db } from './connection';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: units of work submitted in the same turn of the event loop run
 * in one SQLite transaction, so a burst of writes costs one commit (one WAL
 * append) instead of one each. Every unit runs in its own savepoint: a unit that
 * throws rolls back alone and only its caller sees the error. Callers' promises
 * settle after the commit, so an answer never reports a write that could still
 * be lost to a failed commit.
 */
export function createGroupCommit(db: Db): <T>(work: () => T) => Promise<T> {
  let queue: Pending[] = [];
  // better-sqlite3 runs a transaction function called inside another one as a savepoint.
  const unit = db.transaction((work: () => unknown) => work());

  const flush = (): void => {
    const batch = queue;
    queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction(() => {
        for (const pending of batch) {
          try {
            outcomes.push({ ok: true, value: unit(pending.work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (commitError) {
      for (const pending of batch) pending.reject(commitError);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) pending.resolve(outcome.value);
      else pending.reject(outcome?.error);
    });
  };

  return <T>(work: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (queue.length === 1) setImmediate(flush);
    });
}
