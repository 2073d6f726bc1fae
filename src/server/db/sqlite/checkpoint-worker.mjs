// Copies the SQLite write-ahead log into the database file once a second, on a
// thread of its own: a checkpoint fsyncs, and on a busy disk that took tens of
// milliseconds inside whichever request happened to trigger it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy now; the next tick tries again, and the server's own fallback threshold still applies.
  }
}, workerData.intervalMs);

parentPort?.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
