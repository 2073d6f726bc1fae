import {
  createServer,
  request as forward,
  type IncomingMessage,
  type ServerResponse,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server whose Date header is off by `offsetSeconds` (or absent, with null). */
export interface DatedServer {
  readonly url: string;
  readonly host: string;
  /** What the next answers' Date header says, in seconds from this computer's clock; null: no header. */
  offsetSeconds: number | null;
  close(): Promise<void>;
}

/**
 * Answers `{}`, or with `target` (a loopback http origin) passes every request on to that server
 * and its answer back, with only the Date header changed: a real server on a wrong clock.
 */
export async function startDatedServer(
  offsetSeconds: number | null = 0,
  target?: string,
): Promise<DatedServer> {
  const state = { offsetSeconds };
  const stamp = (response: ServerResponse) => {
    // Node would stamp its own (right) date: this one is the server's wrong clock.
    response.sendDate = false;
    response.removeHeader('Date');
    if (state.offsetSeconds !== null) {
      response.setHeader('Date', new Date(Date.now() + state.offsetSeconds * 1000).toUTCString());
    }
  };
  const pass = (request: IncomingMessage, response: ServerResponse, origin: string) => {
    const onward = forward(
      `${origin}${request.url ?? '/'}`,
      { method: request.method, headers: { ...request.headers, host: new URL(origin).host } },
      (answer) => {
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && name !== 'date') response.setHeader(name, value);
        }
        stamp(response);
        response.writeHead(answer.statusCode ?? 502);
        answer.pipe(response);
      },
    );
    onward.on('error', () => response.writeHead(502).end());
    request.pipe(onward);
  };
  const server: Server = createServer((request, response) => {
    if (target !== undefined) return pass(request, response, target);
    stamp(response);
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
