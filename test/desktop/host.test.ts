import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../src/host/request-guard';
import { startHost, type RunningHost } from '../../src/host/server';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { contentSecurityPolicy } from '../../src/desktop/security/csp';
import type { TwofoldApi } from '../../src/shared/ipc/api';
import { ipcContract } from '../../src/shared/ipc/contract';
import { keyOf, parseOtpauthUri } from '../../src/shared/otp';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { skipReason } from '../support/skip';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'JBSWY3DPEHPK3PXP';
const LINK = `otpauth://totp/Example:alice@example.com?secret=${SECRET}&issuer=Example`;
const rendererBuilt = existsSync(resolve(ROOT, 'out/renderer/index.html'))
  ? null
  : 'out/renderer is not built (npm run build)';

let host: RunningHost;
/** The folder /test/screen may name files in. */
let screenDir: string;

/** A request from this test, with the host's start token. */
function hostFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(TOKEN_HEADER, host.token);
  return fetch(`${host.url}${path}`, { ...init, headers });
}

/** Loosely typed answers: these tests check the wire shape itself. */
interface Answer {
  ok: boolean;
  value?: unknown;
  error?: unknown;
}

async function ipc(name: string, input?: unknown, headers: Record<string, string> = {}) {
  const response = await hostFetch(`/ipc/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ input }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer,
  };
}

/** Reads server-sent events until `want` matches one, or fails after `ms`. */
interface StreamedEvent {
  name: string;
  payload: unknown;
}

/**
 * Reads the host's event stream at `path` while `trigger` runs, until `enough` says
 * so or `ms` pass; returns what arrived.
 */
async function readEvents(
  path: string,
  trigger: () => Promise<unknown>,
  ms: number,
  enough: (event: StreamedEvent) => boolean = () => false,
): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const response = await hostFetch(path, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const timer = setTimeout(() => controller.abort(), ms);
  await trigger();
  const events: StreamedEvent[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value, { stream: true });
      const chunks = buffer.split('\n\n');
      buffer = chunks.pop() ?? '';
      for (const chunk of chunks) {
        if (!chunk.startsWith('data: ')) continue;
        const event = JSON.parse(chunk.slice(6)) as StreamedEvent;
        events.push(event);
        if (enough(event)) return events;
      }
    }
  } catch {
    return events; // the time is up
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function nextEvent(name: string, trigger: () => Promise<unknown>, ms = 8000): Promise<unknown> {
  const events = await readEvents('/events', trigger, ms, (event) => event.name === name);
  const found = events.find((event) => event.name === name);
  if (!found) throw new Error(`no ${name} event`);
  return found.payload;
}

beforeAll(async () => {
  screenDir = mkdtempSync(join(tmpdir(), 'twofold-host-screens-'));
  host = await startHost({ clipboardClearMs: 60_000, testEndpoints: true, screenDir });
});
afterAll(async () => {
  await host?.close();
  rmSync(screenDir, { recursive: true, force: true });
});

describe('the host IPC API', () => {
  it('uses the real keychain and a vault in a temporary home', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.services.vaults.status()).toEqual({ state: 'ready', message: null, hasPassword: false });
  });

  it('adds by link; the list holds no secret', async () => {
    const added = await ipc('entries.addFromUri', { uri: LINK });
    expect(added.body).toMatchObject({ ok: true, value: { entry: { issuer: 'Example' }, warnings: [] } });
    const list = await ipc('entries.list');
    expect(list.body.value).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
  });

  it('serves the codes the engine computes', async () => {
    const { body } = await ipc('codes.now');
    const value = body.value as { at: number; codes: { code: string }[] };
    const expected = nodeOtpEngine.totp(keyOf(parseOtpauthUri(LINK).account), value.at / 1000);
    expect(value.codes[0]?.code).toBe(expected);
  });

  it('answers bad input with a clear error', async () => {
    expect((await ipc('entries.addFromUri', { uri: 42 })).body).toEqual({
      ok: false,
      error: { code: 'bad-input', message: 'uri: Paste an otpauth:// link.' },
    });
    expect((await ipc('entries.nope')).body).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const broken = await hostFetch('/ipc/entries.list', { method: 'POST', body: '{not json' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      ok: false,
      error: { message: 'The request was not valid JSON.' },
    });
  });

  it('refuses requests from another origin or host name', async () => {
    const foreign = await ipc('entries.list', undefined, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    const status = await new Promise<number>((done, fail) => {
      const url = new URL(host.url);
      request(
        {
          host: url.hostname,
          port: url.port,
          path: '/ipc/entries.list',
          method: 'POST',
          headers: { host: 'rebound.example', [TOKEN_HEADER]: host.token },
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      )
        .on('error', fail)
        .end('{}');
    });
    expect(status).toBe(403);
  });

  it('answers no request without its start token: IPC, events, test endpoints, files', async () => {
    expect(host.token).toMatch(/^[\w-]{43}$/);
    const wrong = host.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const attempts: Record<string, string>[] = [
      {},
      { [TOKEN_HEADER]: wrong },
      { cookie: `twofold-host-1=${host.token}` },
    ];
    for (const headers of attempts) {
      const reveal = await fetch(`${host.url}/ipc/entries.reveal`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ input: { id: 'x' } }),
      });
      expect(reveal.status).toBe(401);
      expect(await reveal.json()).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
      for (const path of [
        '/events',
        '/events?client=test-client-0001',
        '/test/clipboard',
        '/',
        '/__twofold/bridge.js',
      ]) {
        const response = await fetch(`${host.url}${path}`, { headers });
        expect(response.status, path).toBe(401);
        await response.body?.cancel();
      }
    }
  });

  it('lets a browser in by the printed URL: a cookie for this port, the token off the address bar', async () => {
    const opened = await fetch(host.pageUrl, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    expect(pair).toBe(`twofold-host-${new URL(host.url).port}=${host.token}`);
    const list = await fetch(`${host.url}/ipc/entries.list`, {
      method: 'POST',
      headers: { cookie: pair },
      body: '{}',
    });
    expect(await list.json()).toMatchObject({ ok: true });
  });

  it('reads screen files only inside the folder it was started with', async () => {
    const png = join(screenDir, 'screen.png');
    writeFileSync(png, Buffer.from('not really a png'));
    const link = join(screenDir, 'passwd.png');
    symlinkSync('/etc/passwd', link);
    const set = (paths: string[]) =>
      hostFetch('/test/screen', { method: 'POST', body: JSON.stringify({ paths }) });
    expect((await set([png])).status).toBe(200);
    expect(host.screen.paths).toEqual([png]);
    for (const path of ['/etc/passwd', link, join(screenDir, '../../etc/passwd'), '/etc/hostname']) {
      const refused = await set([path]);
      expect(refused.status, path).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/screen folder/);
    }
    expect(host.screen.paths).toEqual([png]);
    await set([]);
  });

  it('keeps the /test/* endpoints off unless started with them', async () => {
    const plain = await startHost({ password: 'plain-host-pw' });
    try {
      for (const [method, path] of [
        ['GET', '/test/clipboard'],
        ['POST', '/test/screen'],
        ['POST', '/test/open-link'],
        ['POST', '/test/seed'],
      ] as const) {
        const response = await fetch(`${plain.url}${path}`, {
          method,
          headers: { [TOKEN_HEADER]: plain.token },
          ...(method === 'POST' ? { body: JSON.stringify({ paths: ['/etc/passwd'], count: 1 }) } : {}),
        });
        expect(response.status, path).toBe(404);
      }
      expect(plain.services.vaults.current().list()).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });

  it('copies to the host clipboard, readable through the test endpoint', async () => {
    const [first] = (await ipc('entries.list')).body.value as { id: string }[];
    const id = first!.id;
    expect((await ipc('codes.copy', { id })).body).toEqual({ ok: true, value: { clearsInSeconds: 60 } });
    const clip = (await (await hostFetch('/test/clipboard')).json()) as { text: string };
    expect(clip.text).toMatch(/^\d{6}$/);
  });

  it('streams a bridge only the events its page subscribed to, as main does for the window', async () => {
    const client = 'test-client-0001';
    const subscribe = (events: string[]) =>
      hostFetch('/events/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client, events }),
      });
    /** Event names on this client's stream while `during` runs and `ms` pass. */
    const seen = async (during: () => Promise<unknown>, ms: number): Promise<string[]> =>
      (await readEvents(`/events?client=${client}`, during, ms)).map((event) => event.name);
    expect((await subscribe(['entries.changed'])).status).toBe(200);
    // Ticks come every second: 2.5 s without one means none was sent to this client.
    const quiet = await seen(
      () => ipc('entries.add', { issuer: 'Quiet', account: 'q', secret: 'GEZDGNBVGY3TQOJQ' }),
      2_500,
    );
    expect(quiet).toContain('entries.changed');
    expect(quiet).not.toContain('codes.tick');
    const entries = (await ipc('entries.list')).body.value as { id: string; issuer: string }[];
    const added = entries.find((entry) => entry.issuer === 'Quiet')!;
    expect((await ipc('entries.remove', { id: added.id })).body).toMatchObject({ ok: true });
    await subscribe(['codes.tick']);
    expect(await seen(async () => {}, 2_500)).toContain('codes.tick');
    expect((await subscribe(['no.such-event'])).status).toBe(400);
  });

  it('streams code ticks and change events', async () => {
    const tick = (await nextEvent('codes.tick', async () => {})) as { codes: unknown[] };
    expect(tick.codes).toHaveLength(1);
    const changed = await nextEvent('entries.changed', () =>
      ipc('entries.add', { issuer: 'GitHub', account: 'bob', secret: 'GEZDGNBVGY3TQOJQ' }),
    );
    expect(changed).toEqual({ reason: 'added' });
  });

  it('offers a link "opened with Twofold" as an event, without adding it', async () => {
    const link = 'otpauth://totp/Fastmail:carol?secret=KRSXG5CTMVRXEZLU&issuer=Fastmail';
    const offered = (await nextEvent('entries.offered', () =>
      hostFetch('/test/open-link', { method: 'POST', body: JSON.stringify({ uri: link }) }),
    )) as { pending: { pendingId: string; preview: { issuer: string } }[] };
    expect(offered.pending[0]?.preview.issuer).toBe('Fastmail');
    expect((await ipc('entries.list')).body.value).toHaveLength(2);
  });

  it('seeds many entries quickly for rendering benchmarks', async () => {
    const response = await hostFetch('/test/seed', {
      method: 'POST',
      body: JSON.stringify({ count: 200 }),
    });
    expect(response.status).toBe(200);
    expect((await ipc('entries.list')).body.value).toHaveLength(202);
    const bad = await hostFetch('/test/seed', { method: 'POST', body: JSON.stringify({ count: -1 }) });
    expect(bad.status).toBe(400);
  });
});

describe.skipIf(skipReason('host static files', rendererBuilt))('the host serving the renderer', () => {
  it('serves index.html with the CSP header and the bridge script injected', async () => {
    const response = await hostFetch('/');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const html = await response.text();
    expect(html).toContain('<script src="/__twofold/bridge.js"></script>');
    expect(html).not.toMatch(/<script>(?!<)/);
    const bridge = await hostFetch('/__twofold/bridge.js');
    expect(bridge.headers.get('content-type')).toMatch(/javascript/);
    expect((await bridge.text()).length).toBeGreaterThan(1000);
  });

  it('refuses paths outside the renderer folder', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/../../package.json',
    ]) {
      expect((await hostFetch(path)).status, path).toBe(404);
    }
  });

  it.skipIf(skipReason('bridge in Chromium', chromiumUnavailable()))(
    'gives the page the same window.twofold, under the same CSP',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.goto(host.pageUrl);
        await page.waitForFunction(() => 'twofold' in globalThis, undefined, { timeout: 10_000 });
        const result = await page.evaluate(async () => {
          const api = (globalThis as unknown as { twofold: TwofoldApi }).twofold;
          const list = await api.entries.list();
          const bad = await api.entries.addFromUri({ uri: '' });
          const tick = await new Promise((done) => {
            const stop = api.on('codes.tick', (payload) => {
              stop();
              done(payload.codes.length);
            });
          });
          const png = await api.scan.image({ data: new Uint8Array([1, 2, 3]) });
          return {
            count: list.ok ? list.value.length : -1,
            bad: bad.ok ? null : bad.error,
            tick,
            png: png.ok ? null : png.error.code,
            keys: Object.keys(api).sort(),
          };
        });
        expect(result.count).toBe(202);
        expect(result.bad).toEqual({ code: 'bad-input', message: 'uri: Paste an otpauth:// link.' });
        expect(result.tick).toBe(202);
        expect(result.png).toBe('UNSUPPORTED_IMAGE');
        expect(result.keys).toEqual([...Object.keys(ipcContract), 'on'].sort());
        expect(violations.filter((v) => !/frame-ancestors' is ignored/.test(v))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it.skipIf(skipReason('two hosts in one Chromium', chromiumUnavailable()))(
    'keeps two hosts on different ports apart in one browser: each page keeps its own token cookie',
    async () => {
      const other = await startHost({ password: 'second-host-pw' });
      const browser = await launchChromium();
      try {
        const context = await browser.newContext();
        const first = await context.newPage();
        const second = await context.newPage();
        await first.goto(host.pageUrl);
        await second.goto(other.pageUrl);
        // Both cookies are there, one per port; neither host's overwrote the other's.
        const names = (await context.cookies()).map((cookie) => cookie.name).sort();
        expect(names).toEqual(
          [`twofold-host-${new URL(host.url).port}`, `twofold-host-${new URL(other.url).port}`].sort(),
        );
        // The page opened first still gets in after the second host set its cookie.
        for (const page of [first, second]) {
          const status = await page.evaluate(
            async () => (await fetch('/ipc/entries.list', { method: 'POST', body: '{}' })).status,
          );
          expect(status, page.url()).toBe(200);
        }
      } finally {
        await browser.close();
        await other.close();
      }
    },
    60_000,
  );
});

describe('npm run host', () => {
  /** Starts bin.ts with `args`; resolves with the URL it prints and the token line after it. */
  async function startBin(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/host/bin.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    // A host that never prints both lines is killed, not left behind.
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    await new Promise<void>((done, fail) => {
      const reader = createInterface({ input: child.stdout! });
      reader.on('line', (line) => {
        lines.push(line);
        if (lines.length === 2) done();
      });
      child.once('exit', (code) => fail(new Error(`host exited with ${code}: ${lines.join(' | ')}`)));
    }).finally(() => clearTimeout(timer));
    return { child, lines };
  }

  it('prints its URL with the token as the first line and serves only requests that carry it', async () => {
    const { child, lines } = await startBin(['--password', 'host-test-pw']);
    try {
      expect(lines[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
      const page = new URL(lines[0]!.slice('listening on '.length));
      const token = page.searchParams.get('token')!;
      expect(lines[1]).toBe(`programs: send the header X-Twofold-Token: ${token}`);
      const info = await fetch(`${page.origin}/ipc/app.info`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: token },
        body: '{}',
      });
      expect(await info.json()).toMatchObject({ ok: true, value: { shell: 'host' } });
      const anonymous = await fetch(`${page.origin}/ipc/app.info`, { method: 'POST', body: '{}' });
      expect(anonymous.status).toBe(401);
      const test = await fetch(`${page.origin}/test/clipboard`, { headers: { [TOKEN_HEADER]: token } });
      expect(test.status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('turns the test endpoints on with --test-endpoints', async () => {
    const { child, lines } = await startBin(['--password', 'host-test-pw', '--test-endpoints']);
    try {
      const page = new URL(lines[0]!.slice('listening on '.length));
      const clip = await fetch(`${page.origin}/test/clipboard`, {
        headers: { [TOKEN_HEADER]: page.searchParams.get('token')! },
      });
      expect(clip.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
