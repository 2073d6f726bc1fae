/**
 * The test host: the built renderer in a plain browser, answered by the same IPC
 * handlers as Electron's main process, on 127.0.0.1 only.
 *
 * Every request carries the host's per-start token (printed with the URL): header
 * `X-Twofold-Token`, or the cookie set when a browser opens `/?token=…` (the page then
 * sends it with each of its requests), or that query parameter. Without it: 401.
 *
 *   GET  /                     out/renderer, same CSP header, bridge script injected
 *   GET  /__twofold/bridge.js  window.twofold over fetch + server-sent events
 *   POST /ipc/<feature.method> body {"input": …} → {"ok": true, "value"} | {"ok": false, "error"}
 *   GET  /events               server-sent events: data {"name", "payload"} (every event)
 *   GET  /events?client=ID     only the events that client subscribed to (as the preload does with main)
 *   POST /events/subscriptions body {"client", "events": [name, …]}: that client's subscriptions
 *   Test-only stand-ins for what Electron would do, on only with `testEndpoints` (404 otherwise):
 *   GET  /test/clipboard       {"text"} the host's clipboard
 *   POST /test/clipboard       {"text"?, "imagePngBase64"?} put text or an image on it
 *   POST /test/screen          {"paths": [png, …]} the files "Scan screen" captures, inside `screenDir` only
 *   POST /test/open-link       {"uri"} as if the OS opened an otpauth:// link with Twofold
 *   POST /test/seed            {"count"} add made-up accounts in one write
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { EventName } from '../shared/ipc/contract';
import { subscriptionsSchema } from '../shared/ipc/subscriptions';
import { offerOpenedLink } from '../desktop/app/otpauth-links';
import { createDispatch } from '../desktop/ipc/dispatch';
import { desktopHandlers } from '../desktop/ipc/handlers';
import { osKeychain } from '../desktop/keychain';
import { defaultVaultPath } from '../desktop/platform/paths';
import { contentTypeOf, safeAppPath } from '../desktop/security/app-path';
import { MemoryClipboard } from '../desktop/services/clipboard';
import { RecordedGlobalShortcuts } from '../desktop/quick-access/quick-access';
import { createDesktopServices, type DesktopServices } from '../desktop/services/desktop-services';
import { EventHub } from '../desktop/services/events';
import { fail, IPC_ERROR_CODES } from '../shared/ipc/result';
import { fromWire, toWire } from '../shared/ipc/wire';
import { bridgeScript } from './bridge/bundle';
import { BodyTooLargeError, readBody, send, sendJson } from './http-util';
import { hostTokenSource, isTrustedHostRequest, tokenCookieName, TOKEN_PARAM } from './request-guard';
import { PngScreen, ScreenPathError, screenFilesInside } from './screen';
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
  /** What Settings → Browser registers as the browser host (absent: it cannot register). */
  browserHost?: string;
  /** Turns on the /test/* endpoints (tests pass it; `npm run host` only with --test-endpoints). */
  testEndpoints?: boolean;
  /** The only folder /test/screen may name files in. */
  screenDir?: string;
  /** The platform the app info reports (tests of macOS names); this machine's when absent. */
  platform?: NodeJS.Platform;
}

export interface RunningHost {
  /** The origin, without the token. */
  readonly url: string;
  /** This start's random token: every request must carry it. */
  readonly token: string;
  /** The URL to open in a browser: the origin with `?token=`. */
  readonly pageUrl: string;
  readonly home: string;
  readonly services: DesktopServices;
  readonly clipboard: MemoryClipboard;
  readonly screen: PngScreen;
  /** The stand-in for the OS's global shortcuts: a test marks a combination as taken. */
  readonly globalShortcuts: RecordedGlobalShortcuts;
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

/**
 * The request's path and query, read as a path on this origin: a target such as `//host/x` is a path
 * here, not another host, and one that is no URL at all is null (answered 400, not 500).
 */
export function requestTarget(target: string | undefined, origin: string): URL | null {
  const path = target ?? '/';
  if (!path.startsWith('/')) return null;
  try {
    return new URL(`${origin}${path}`);
  } catch {
    return null;
  }
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const ownsHome = options.home === undefined;
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'twofold-host-')));
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  const events = new EventHub();
  const clipboard = new MemoryClipboard();
  const screen = new PngScreen();
  screen.paths = options.screens ?? [];
  const globalShortcuts = new RecordedGlobalShortcuts();
  let origin = '';
  let cookieName = '';
  const token = randomBytes(32).toString('base64url');

  const services = await createDesktopServices({
    info: {
      version: await packageVersion(),
      platform: options.platform ?? process.platform,
      home,
      shell: 'host',
      // The browser's own languages stand for the OS's (Chromium's --lang in tests).
      systemLocales: [],
    },
    vaultPath: defaultVaultPath({ TWOFOLD_HOME: home }),
    keychain: options.password !== undefined ? null : osKeychain(),
    ...(options.password !== undefined ? { password: options.password } : {}),
    clipboard,
    ...(options.clipboardClearMs !== undefined ? { clipboardClearMs: options.clipboardClearMs } : {}),
    ...(options.browserHost !== undefined ? { browserHost: options.browserHost } : {}),
    screen,
    events,
    globalShortcuts,
    // The host never opens a browser; the allowlist check has already run.
    openUrl: async () => {},
  });
  if (options.seed) await seedEntries(services.vaults.current(), options.seed);
  const dispatch = createDispatch(
    desktopHandlers,
    services,
    (line) => console.error(line),
    () => services.language.t,
  );
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
      try {
        screen.paths = await screenFilesInside(options.screenDir, testBodies.screen.parse(raw).paths);
      } catch (error) {
        if (!(error instanceof ScreenPathError)) throw error;
        sendJson(response, 400, JSON.stringify({ error: error.message }));
        return;
      }
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
    const target = requestTarget(request.url, origin);
    if (target === null) {
      sendJson(response, 400, JSON.stringify({ error: "The request's address is not valid." }));
      return;
    }
    const { pathname, searchParams } = target;
    const tokenSource = hostTokenSource(request.headers, searchParams, token, cookieName);
    if (tokenSource === null) {
      sendJson(
        response,
        401,
        toWire(
          fail(
            IPC_ERROR_CODES.untrustedSender,
            'This host answers only requests that carry its start token (open the URL it printed).',
          ),
        ),
      );
      return;
    }
    if (tokenSource === 'query' && request.method === 'GET' && !pathname.startsWith('/events')) {
      // A browser opening the printed URL: keep the token in a cookie its page sends back, off the address bar.
      const back = new URL(target);
      back.searchParams.delete(TOKEN_PARAM);
      response.writeHead(303, {
        Location: `${back.pathname}${back.search}`,
        'Set-Cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }
    if (pathname.startsWith('/ipc/') && request.method === 'POST') {
      await ipc(request, response, pathname.slice('/ipc/'.length));
    } else if (pathname === '/events' && request.method === 'GET') {
      streamEvents(request, response, searchParams.get('client'));
    } else if (pathname === '/events/subscriptions' && request.method === 'POST') {
      await subscribe(request, response);
    } else if (pathname === BRIDGE_PATH) {
      send(response, 200, await bridgeScript(), 'text/javascript; charset=utf-8');
    } else if (pathname.startsWith('/test/')) {
      if (options.testEndpoints === true)
        await testEndpoint(request, response, pathname.slice('/test/'.length));
      else
        sendJson(
          response,
          404,
          JSON.stringify({ error: 'The test endpoints are off (start with testEndpoints).' }),
        );
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
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  cookieName = tokenCookieName(port);

  return {
    url: origin,
    token,
    pageUrl: `${origin}/?${TOKEN_PARAM}=${token}`,
    home,
    services,
    clipboard,
    screen,
    globalShortcuts,
    async close() {
      services.ticker.stop();
      services.sync.stop();
      services.browser.close();
      await services.clipboard.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      services.vaults.close();
      // A sync or backup already under way may still be writing its last file: retry, as rm -rf would.
      if (ownsHome) await rm(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
