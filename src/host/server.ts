/**
 * The test host: the built renderer in a plain browser, answered by the same IPC
 * handlers as Electron's main process, on 127.0.0.1 only.
 *
 *   GET  /                     out/renderer, same CSP header, bridge script injected
 *   GET  /__twofold/bridge.js  window.twofold over fetch + server-sent events
 *   POST /ipc/<feature.method> body {"input": …} → {"ok": true, "value"} | {"ok": false, "error"}
 *   GET  /events               server-sent events: data {"name", "payload"} (every event)
 *   GET  /events?client=ID     only the events that client subscribed to (as the preload does with main)
 *   POST /events/subscriptions body {"client", "events": [name, …]}: that client's subscriptions
 *   Test-only stand-ins for what Electron would do:
 *   GET  /test/clipboard       {"text"} the host's clipboard
 *   POST /test/clipboard       {"text"?, "imagePngBase64"?} put text or an image on it
 *   POST /test/screen          {"paths": [png, …]} the files "Scan screen" captures
 *   POST /test/open-link       {"uri"} as if the OS opened an otpauth:// link with Twofold
 *   POST /test/seed            {"count"} add made-up accounts in one write
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { EventName } from '../shared/ipc/contract';
import { subscriptionsSchema } from '../shared/ipc/subscriptions';
import { offerOpenedLink } from '../main/app/otpauth-links';
import { createDispatch } from '../main/ipc/dispatch';
import { desktopHandlers } from '../main/ipc/handlers';
import { osKeychain } from '../main/keychain';
import { defaultVaultPath } from '../main/platform/paths';
import { contentTypeOf, safeAppPath } from '../main/security/app-path';
import { MemoryClipboard } from '../main/services/clipboard';
import { createDesktopServices, type DesktopServices } from '../main/services/desktop-services';
import { EventHub } from '../main/services/events';
import { fail, IPC_ERROR_CODES } from '../shared/ipc/result';
import { fromWire, toWire } from '../shared/ipc/wire';
import { bridgeScript } from './bridge/bundle';
import { BodyTooLargeError, readBody, send, sendJson } from './http-util';
import { isTrustedHostRequest } from './request-guard';
import { PngScreen } from './screen';
import { seedEntries } from './seed';

export interface HostOptions {
  /** TWOFOLD_HOME for this host; a fresh temporary folder (removed on close) when absent. */
  home?: string;
  /** 0 or absent: a random free port. */
  port?: number;
  /** The built renderer; defaults to out/renderer. */
  rendererDir?: string;
  /** Protect the vault with this password instead of the OS keychain. */
  password?: string;
  /** PNG files that stand in for the displays in "Scan screen". */
  screens?: string[];
  /** Adds this many made-up accounts at start. */
  seed?: number;
  /** How long a copied code stays on the (memory) clipboard. */
  clipboardClearMs?: number;
}

export interface RunningHost {
  readonly url: string;
  readonly home: string;
  readonly services: DesktopServices;
  readonly clipboard: MemoryClipboard;
  readonly screen: PngScreen;
  close(): Promise<void>;
}

export const BRIDGE_PATH = '/__twofold/bridge.js';
const defaultRendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

const testBodies = {
  clipboard: z.object({ text: z.string().optional(), imagePngBase64: z.string().optional() }),
  screen: z.object({ paths: z.array(z.string()) }),
  link: z.object({ uri: z.string().max(8192) }),
  seed: z.object({ count: z.number().int().min(1).max(100_000) }),
};

const SubscriptionsBody = z.object({
  client: z.string().regex(/^[\w-]{8,64}$/),
  events: subscriptionsSchema,
});

async function packageVersion(): Promise<string> {
  const raw = await readFile(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8');
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data.version : '0.0.0';
}

/** Adds the bridge before the app's module script; the page keeps the same CSP as in Electron. */
export function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_PATH}"></script>`;
  return html.includes('</head>') ? html.replace('</head>', `    ${tag}\n  </head>`) : `${tag}${html}`;
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const ownsHome = options.home === undefined;
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'twofold-host-')));
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  const events = new EventHub();
  const clipboard = new MemoryClipboard();
  const screen = new PngScreen();
  screen.paths = options.screens ?? [];
  let origin = '';

  const services = await createDesktopServices({
    info: { version: await packageVersion(), platform: process.platform, home, shell: 'host' },
    vaultPath: defaultVaultPath({ TWOFOLD_HOME: home }),
    keychain: options.password !== undefined ? null : osKeychain(),
    ...(options.password !== undefined ? { password: options.password } : {}),
    clipboard,
    ...(options.clipboardClearMs !== undefined ? { clipboardClearMs: options.clipboardClearMs } : {}),
    screen,
    events,
    // The host never opens a browser; the allowlist check has already run.
    openUrl: async () => {},
  });
  if (options.seed) await seedEntries(services.vaults.current(), options.seed);
  const dispatch = createDispatch(desktopHandlers, services, (line) => console.error(line));
  services.ticker.start();

  async function ipc(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    let input: unknown;
    try {
      const body = fromWire(await readBody(request));
      input = body !== null && typeof body === 'object' ? (body as { input?: unknown }).input : undefined;
    } catch (error) {
      const message =
        error instanceof BodyTooLargeError ? 'The request is too large.' : 'The request was not valid JSON.';
      sendJson(response, 400, toWire(fail(IPC_ERROR_CODES.badInput, message)));
      return;
    }
    sendJson(response, 200, toWire(await dispatch(name, input)));
  }

  /** The bridge's subscriptions, per event stream (see shared/ipc/subscriptions.ts). */
  const subscriptions = new Map<string, Set<EventName>>();

  function streamEvents(request: IncomingMessage, response: ServerResponse, client: string | null): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    // A bare stream (a test reading events) gets everything; a bridge's only what its page listens to.
    const wants =
      client === null ? () => true : (name: EventName) => subscriptions.get(client)?.has(name) ?? false;
    const stop = events.listen(
      (name, payload) => response.write(`data: ${toWire({ name, payload })}\n\n`),
      wants,
    );
    // The client's subscriptions outlive the stream: EventSource reconnects with the same id.
    request.on('close', stop);
  }

  async function subscribe(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { client, events: names } = SubscriptionsBody.parse(fromWire(await readBody(request)));
    subscriptions.set(client, names);
    sendJson(response, 200, '{}');
  }

  async function testEndpoint(
    request: IncomingMessage,
    response: ServerResponse,
    what: string,
  ): Promise<void> {
    if (what === 'clipboard' && request.method === 'GET') {
      sendJson(response, 200, JSON.stringify({ text: clipboard.text }));
      return;
    }
    const raw = JSON.parse((await readBody(request)) || '{}') as unknown;
    if (what === 'clipboard') {
      const body = testBodies.clipboard.parse(raw);
      if (body.text !== undefined) clipboard.text = body.text;
      if (body.imagePngBase64 !== undefined) clipboard.imagePng = Buffer.from(body.imagePngBase64, 'base64');
    } else if (what === 'screen') {
      screen.paths = testBodies.screen.parse(raw).paths;
    } else if (what === 'open-link') {
      offerOpenedLink(services, testBodies.link.parse(raw).uri);
    } else if (what === 'seed') {
      await seedEntries(services.vaults.current(), testBodies.seed.parse(raw).count);
      events.emit('entries.changed', { reason: 'added' });
    } else {
      sendJson(response, 404, JSON.stringify({ error: 'No such test endpoint.' }));
      return;
    }
    sendJson(response, 200, JSON.stringify({ done: true }));
  }

  async function serveFile(response: ServerResponse, urlPath: string): Promise<void> {
    const path = safeAppPath(rendererDir, urlPath);
    if (path === null) {
      send(response, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      send(response, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    const type = contentTypeOf(path);
    send(response, 200, type.startsWith('text/html') ? injectBridge(bytes.toString('utf8')) : bytes, type);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isTrustedHostRequest(request.headers, origin)) {
      sendJson(
        response,
        403,
        toWire(fail(IPC_ERROR_CODES.untrustedSender, 'Requests from other sites are refused.')),
      );
      return;
    }
    const { pathname } = new URL(request.url ?? '/', origin);
    if (pathname.startsWith('/ipc/') && request.method === 'POST') {
      await ipc(request, response, pathname.slice('/ipc/'.length));
    } else if (pathname === '/events') {
      streamEvents(request, response, new URL(request.url ?? '/', origin).searchParams.get('client'));
    } else if (pathname === '/events/subscriptions' && request.method === 'POST') {
      await subscribe(request, response);
    } else if (pathname === BRIDGE_PATH) {
      send(response, 200, await bridgeScript(), 'text/javascript; charset=utf-8');
    } else if (pathname.startsWith('/test/')) {
      await testEndpoint(request, response, pathname.slice('/test/'.length));
    } else if (request.method === 'GET' || request.method === 'HEAD') {
      await serveFile(response, pathname);
    } else {
      send(response, 405, 'Method not allowed', 'text/plain; charset=utf-8');
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const message =
        error instanceof z.ZodError ? 'The test request was not understood.' : 'The host failed.';
      if (!response.headersSent)
        sendJson(response, error instanceof z.ZodError ? 400 : 500, JSON.stringify({ error: message }));
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    home,
    services,
    clipboard,
    screen,
    async close() {
      services.ticker.stop();
      services.clipboard.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      services.vaults.close();
      if (ownsHome) await rm(home, { recursive: true, force: true });
    },
  };
}
