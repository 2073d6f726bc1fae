import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hostTokenSource,
  isTrustedHostRequest,
  TOKEN_HEADER,
  tokenCookieName,
} from '../../src/host/request-guard';
import { startHost, type RunningHost } from '../../src/host/server';
import { PARSER_FUZZ_SEED, timed } from './report';

/**
 * Fuzzing the test host's request handling (issue 9, item 11): whoever calls 127.0.0.1 with whatever
 * method, path, headers and body gets a refusal or an answer in the IPC shape — never a 500, never a
 * file from outside the renderer, never a secret without the start token.
 */
const options = (numRuns: number) => ({ seed: PARSER_FUZZ_SEED, numRuns, endOnFailure: true });
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OUTSIDE = 'this file is outside the renderer';

/** One request as a local program could send it; resolves with the status and up to 64 KiB of body. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Uint8Array | null,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // A connection per request: a reused one may be closed by the server after an unread body.
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      // An event stream never ends on its own: its status and first bytes are enough.
      if ((response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        response.destroy();
        resolve({ status: response.statusCode ?? 0, body: '' });
        return;
      }
      response.on('data', (chunk: Buffer) => {
        if (chunks.reduce((size, next) => size + next.length, 0) < 65_536) chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    // A request the host never answers is a hang: fail with what was sent.
    outgoing.setTimeout(15_000, () => outgoing.destroy(new Error(`no answer to ${method} ${path}`)));
    outgoing.end(body ?? undefined);
  });
}

describe('fuzzing the test host', { timeout: 300_000 }, () => {
  let host: RunningHost;
  let work: string;
  let port: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'twofold-host-fuzz-'));
    const renderer = join(work, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head></head><body>app</body></html>');
    writeFileSync(join(work, 'outside.txt'), OUTSIDE);
    host = await startHost({
      home: join(work, 'home'),
      rendererDir: renderer,
      password: 'host fuzz password',
    });
    await host.services.vaults
      .current()
      .addFromUri(`otpauth://totp/Example:alice?secret=${SECRET}&issuer=Example`);
    port = Number(new URL(host.url).port);
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the token check: only the exact token, in the header, a cookie of this host or the query, lets a request in', async () => {
    const token = 'A'.repeat(10) + 'b-_9'.repeat(8);
    const cookieName = tokenCookieName(4242);
    const near = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom(
        token.slice(1),
        token.slice(0, -1),
        token.toLowerCase(),
        `${token}=`,
        token + token,
        `"${token}"`,
      ),
    );
    const cookiePart = fc.oneof(
      fc
        .tuple(
          fc.oneof(fc.constant(cookieName), fc.constant('twofold-host-1'), fc.string({ maxLength: 12 })),
          near,
        )
        .map(([name, value]) => `${name}=${value}`),
      fc.string({ maxLength: 20 }),
    );
    const place = fc.constantFrom('header' as const, 'cookie' as const, 'query' as const, null);
    await timed('host token check', 5_000, () =>
      fc.assert(
        fc.property(
          fc.option(near, { nil: undefined }),
          fc.array(cookiePart, { maxLength: 4 }),
          fc.option(near, { nil: undefined }),
          place,
          (header, cookies, query, real) => {
            // A browser sends the host's own cookie; others of the same name (set by another local port) come after.
            const parts = real === 'cookie' ? [`${cookieName}=${token}`, ...cookies] : cookies;
            const headers = {
              ...(real === 'header'
                ? { [TOKEN_HEADER]: token }
                : header !== undefined
                  ? { [TOKEN_HEADER]: header }
                  : {}),
              ...(parts.length > 0 ? { cookie: parts.join('; ') } : {}),
            };
            const search = new URLSearchParams();
            if (real === 'query') search.set('token', token);
            else if (query !== undefined) search.set('token', query);
            const source = hostTokenSource(headers, search, token, cookieName);
            if (real === null) expect(source).toBeNull();
            else expect(source).not.toBeNull();
          },
        ),
        options(5_000),
      ),
    );
  });

  it('the sender check: only requests addressed to this host, and from its own page when a browser says where', async () => {
    const own = 'http://127.0.0.1:4242';
    const hostHeader = fc.oneof(
      fc.constantFrom(
        '127.0.0.1:4242',
        'localhost:4242',
        '127.0.0.1',
        '127.0.0.1:42420',
        'evil.example:4242',
      ),
      fc.string({ maxLength: 20 }),
    );
    const origin = fc.option(
      fc.oneof(
        fc.constantFrom(
          own,
          'http://localhost:4242',
          'https://127.0.0.1:4242',
          'null',
          `${own}/`,
          'http://evil.example',
        ),
        fc.string({ maxLength: 20 }),
      ),
      { nil: undefined },
    );
    await timed('host sender check', 5_000, () =>
      fc.assert(
        fc.property(fc.option(hostHeader, { nil: undefined }), origin, (host, from) => {
          const trusted = isTrustedHostRequest({ host, origin: from }, own);
          expect(trusted).toBe(host === '127.0.0.1:4242' && (from === undefined || from === own));
        }),
        options(5_000),
      ),
    );
  });

  it('what the fuzzing found stays fixed: a //path target is a path here, and HEAD /events answers', async () => {
    const headers = { host: `127.0.0.1:${port}`, [TOKEN_HEADER]: host.token };
    // Read as a URL with another host, //… made the host fail (500).
    expect((await send(port, 'POST', '//~~%G~%w/arguments/x?', headers, null)).status).toBe(405);
    expect((await send(port, 'GET', '//evil.example/outside.txt', headers, null)).status).toBe(404);
    // A HEAD on the event stream held the connection open without ever answering.
    expect((await send(port, 'HEAD', '/events', headers, null)).status).toBe(404);
  });

  it('any request: a refusal or an IPC-shaped answer, never a 500, a file outside the renderer or a secret', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'ipc',
        'entries.list',
        'entries.reveal',
        'entries.pending',
        'codes.now',
        'vault.status',
        'app.info',
        'helpdesk.state',
        'events',
        'subscriptions',
        'test',
        'screen',
        'clipboard',
        '__twofold',
        'bridge.js',
        'index.html',
        'outside.txt',
        '..',
        '%2e%2e',
        '%2E%2E%2F',
        '.',
        '',
        '__proto__',
        'constructor',
        '%00',
        '%',
        '%zz',
      ),
      fc.stringMatching(/^[A-Za-z0-9._~%-]{0,12}$/),
    );
    const path = fc
      .tuple(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._-]{0,20}$/)),
      )
      .map(([parts, query]) => `/${parts.join('/')}${query === null ? '' : `?${query}`}`);
    const body = fc.option(
      fc.oneof(
        fc
          .jsonValue({ maxDepth: 3 })
          .map((value) => new TextEncoder().encode(JSON.stringify({ input: value }))),
        fc.jsonValue({ maxDepth: 3 }).map((value) => new TextEncoder().encode(JSON.stringify(value))),
        fc.uint8Array({ maxLength: 200 }),
        fc
          .constantFrom('{"input":{"id":"x"}}', '{"input":{"$bytes":"AAAA"}}', '{"$bytes":"%%%"}', '{', '')
          .map((text) => new TextEncoder().encode(text)),
      ),
      { nil: null },
    );
    const anyRequest = fc.tuple(
      fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
      path,
    );
    // Most requests go where the secrets are: an IPC call, with a body.
    const ipcRequest = fc
      .tuple(
        fc.oneof(
          fc.constantFrom('entries.list', 'entries.reveal', 'entries.pending', 'codes.now', 'vault.status'),
          fc.constantFrom('app.info', 'helpdesk.state', 'entries.update', 'entries.remove', '__proto__'),
          fc.stringMatching(/^[A-Za-z0-9._%-]{0,24}$/),
        ),
        fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._-]{0,12}$/)),
      )
      .map(
        ([name, query]) => ['POST', `/ipc/${name}${query === null ? '' : `?${query}`}`] as [string, string],
      );
    const credentials = fc.oneof(
      { weight: 4, arbitrary: fc.constant('token') },
      { weight: 1, arbitrary: fc.constantFrom('none', 'wrong-token', 'wrong-host', 'other-origin') },
    );
    const statuses = new Map<number, number>();
    await timed('host requests', 800, () =>
      fc.assert(
        fc.asyncProperty(
          fc.oneof(ipcRequest, anyRequest),
          body,
          credentials,
          async ([verb, target], payload, who) => {
            const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
            if (who !== 'none') headers[TOKEN_HEADER] = who === 'wrong-token' ? `${host.token}x` : host.token;
            if (who === 'wrong-host') headers.host = `rebound.example:${port}`;
            if (who === 'other-origin') headers.origin = 'http://evil.example';
            if (payload !== null) headers['content-type'] = 'application/json';
            const answer = await send(
              port,
              verb,
              target,
              headers,
              verb === 'GET' || verb === 'HEAD' ? null : payload,
            );
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            expect(answer.status).toBeLessThan(500);
            expect(answer.body).not.toContain(SECRET);
            expect(answer.body).not.toContain(OUTSIDE);
            if (who !== 'token') expect([401, 403]).toContain(answer.status);
            else if (target.startsWith('/ipc/') && verb === 'POST' && answer.status === 200) {
              const parsed = JSON.parse(answer.body) as { ok?: unknown };
              expect(typeof parsed.ok).toBe('boolean');
            }
          },
        ),
        options(800),
      ),
    );
    console.log(`host requests by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });
});
