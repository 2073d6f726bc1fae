import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

/**
 * Moves WAL checkpoints off the request path (see checkpoint-worker.mjs). The
 * connection keeps a high automatic threshold as a fallback should the worker stop.
 */
export function startCheckpointer(db: Db, intervalMs = 1_000): { stop(): Promise<void> } {
  db.pragma('wal_autocheckpoint = 10000');
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { path: db.name, intervalMs },
  });
  worker.unref();
  worker.on('error', (error) => {
    console.error(`twofold-server: checkpoint worker stopped: ${error.message}`);
    db.pragma('wal_autocheckpoint = 1000');
  });
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}
