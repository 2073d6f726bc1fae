import type { AddressInfo } from 'node:net';
import { buildServer } from '../app';
import { startCheckpointer } from '../db/checkpointer';
import { openDatabase } from '../db/connection';
import { loadServerKey } from '../security/server-key';
import { parseTrustProxy } from '../security/proxy';
import { DEFAULT_THROTTLE } from '../security/throttle';
import { envMilliseconds, keyPathOf } from './options';

export interface ServeOptions {
  dbPath: string;
  host: string;
  port: number;
  issuer?: string | undefined;
}

/** Starts the server; the first stdout line is `listening on http://HOST:PORT` (tests read it). */
export async function serve(options: ServeOptions): Promise<void> {
  const db = openDatabase(options.dbPath);
  const serverKey = loadServerKey(keyPathOf(options.dbPath), process.env.TWOFOLD_SERVER_KEY);
  const { app } = await buildServer({
    db,
    serverKey,
    issuer: options.issuer ?? process.env.TWOFOLD_SERVER_ISSUER,
    throttle: {
      ...DEFAULT_THROTTLE,
      backoffBaseMs: envMilliseconds('TWOFOLD_SERVER_BACKOFF_BASE_MS', DEFAULT_THROTTLE.backoffBaseMs),
      lockMs: envMilliseconds('TWOFOLD_SERVER_LOCK_MS', DEFAULT_THROTTLE.lockMs),
    },
    trustProxy: parseTrustProxy(process.env.TWOFOLD_SERVER_TRUST_PROXY),
  });
  const checkpointer = startCheckpointer(db);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`listening on http://${host}:${address.port}\n`);

  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void app
      .close()
      .then(() => checkpointer.stop())
      .finally(() => {
        db.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
