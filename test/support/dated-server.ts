import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server whose Date header is off by `offsetSeconds` (or absent, with null). */
export interface DatedServer {
  readonly url: string;
  readonly host: string;
  /** What the next answers' Date header says, in seconds from this computer's clock; null: no header. */
  offsetSeconds: number | null;
  close(): Promise<void>;
}

export async function startDatedServer(offsetSeconds: number | null = 0): Promise<DatedServer> {
  const state = { offsetSeconds };
  const server: Server = createServer((_request, response) => {
    // Node would stamp its own (right) date: this one is the server's wrong clock.
    response.sendDate = false;
    if (state.offsetSeconds !== null) {
      response.setHeader('Date', new Date(Date.now() + state.offsetSeconds * 1000).toUTCString());
    }
    response.setHeader('Content-Type', 'application/json');
    response.end('{}');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    get offsetSeconds() {
      return state.offsetSeconds;
    },
    set offsetSeconds(value) {
      state.offsetSeconds = value;
    },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
