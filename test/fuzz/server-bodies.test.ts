// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import type { Sql } from '../../src/server/db/sql';
import { openTestSql } from '../support/test-store';
import { UserStore } from '../../src/server/db/users';
import { hashPassword } from '../../src/server/security/password';
import { loadServerKey } from '../../src/server/security/server-key';
import { DEFAULT_THROTTLE } from '../../src/server/security/throttle';

/**
 * Fuzzing the server's form and JSON bodies (issue 9, item 11): every route that
 * reads a body or a query gets arbitrary JSON, broken JSON, arbitrary form fields
 * and raw strings. Whatever comes in, the answer is a 4xx or a success in the
 * route's own shape, never a 500, and API errors keep the `{error, message}` shape.
 * Fixed seed, so a failure replays; the real app and SQLite file through inject.
 */
const SEED = 20_260_929;
const RUNS = 500;

const API_FIELDS = ['login', 'password', 'code', 'reason', 'admin', '__proto__', 'constructor'];
const FORM_FIELDS = ['login', 'password', 'code', 'csrf_token', 'remember', '__proto__'];
const QUERY_FIELDS = [
  'q',
  'twofa',
  'locked',
  'role',
  'sort',
  'order',
  'page',
  'pageSize',
  'actor',
  'from',
  'to',
  'limit',
];

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.oneof(fc.constantFrom(...API_FIELDS), fc.string({ maxLength: 8 })),
    fc.jsonValue({ maxDepth: 2 }),
    {
      maxKeys: 5,
    },
  ),
);
const rawText = fc.string({ maxLength: 200, unit: 'binary' });

describe('fuzzing the server bodies', { timeout: 600_000 }, () => {
  let dir: string;
  let db: Sql;
  let app: FastifyInstance;
  let token: string;
  let sessionCookie: string;
  let csrf: string;
  const statuses = new Map<number, number>();
  let runs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-fuzz-'));
    db = await openTestSql(dir);
    const users = new UserStore(db);
    for (const [login, role] of [
      ['root', 'admin'],
      ['bob', 'user'],
    ] as const) {
      await users.insert({
        login,
        name: login,
        role,
        passwordHash: await hashPassword(`${login} password`),
        now: Date.now(),
      });
    }
    ({ app } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      // No locks: every run is really checked, however many guesses came before.
      throttle: {
        ...DEFAULT_THROTTLE,
        backoffBaseMs: 0,
        account: { backoffAfter: 1e9, lockAfter: 1e9 },
        address: { backoffAfter: 1e9, lockAfter: 1e9 },
      },
    }));
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/admin/v1/session',
      payload: { login: 'root', password: 'root password' },
    });
    token = (signedIn.json() as { token: string }).token;
    await app.inject({
      method: 'POST',
      url: '/api/admin/v1/session/step-up',
      headers: { authorization: `Bearer ${token}` },
      payload: { password: 'root password' },
    });
    const form = await app.inject({ method: 'GET', url: '/login' });
    const anonymous = (form.headers['set-cookie'] as string).split(';')[0]!;
    const loggedIn = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: anonymous },
      payload: {
        login: 'bob',
        password: 'bob password',
        csrf_token: /name="csrf_token" value="([^"]+)"/.exec(form.body)![1]!,
      },
    });
    sessionCookie = (loggedIn.headers['set-cookie'] as string).split(';')[0]!;
    const account = await app.inject({
      method: 'GET',
      url: '/account/security',
      headers: { cookie: sessionCookie },
    });
    csrf = /name="csrf_token" value="([^"]+)"/.exec(account.body)![1]!;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    console.log(`server fuzzing: ${runs} requests, seed ${SEED}; statuses ${histogram.join(', ')}`);
  });

  const send = async (options: InjectOptions) => {
    const answer = await app.inject(options);
    runs++;
    statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
    expect(answer.statusCode, `${options.method} ${options.url}: ${answer.body.slice(0, 200)}`).toBeLessThan(
      500,
    );
    return answer;
  };
  const property = (arbitrary: fc.Arbitrary<unknown>, check: (value: never) => Promise<void>) =>
    fc.assert(fc.asyncProperty(arbitrary, check as (value: unknown) => Promise<void>), {
      seed: SEED,
      numRuns: RUNS,
    });

  const API_ROUTES: [InjectOptions['method'], string][] = [
    ['POST', '/session'],
    ['POST', '/session/step-up'],
    ['POST', '/users/2/2fa/check'],
    ['DELETE', '/users/2/2fa'],
    ['POST', '/users/2/unlock'],
    ['POST', '/me/2fa/enable'],
    ['POST', '/me/2fa/recovery-codes'],
  ];

  it.each(API_ROUTES)(
    '%s /api/admin/v1%s answers any JSON body with a 4xx or its own shape',
    async (method, path) => {
      await property(
        fc.oneof(
          jsonBody.map((value) => JSON.stringify(value)),
          rawText,
        ),
        async (body: string) => {
          const answer = await send({
            method,
            url: `/api/admin/v1${path}`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            payload: body,
          });
          if (answer.statusCode >= 400) {
            const parsed = answer.json() as Record<string, unknown>;
            expect(typeof parsed.error).toBe('string');
            expect(typeof parsed.message).toBe('string');
          }
        },
      );
    },
  );

  it.each(['/users', '/audit'])(
    'GET /api/admin/v1%s answers any query with a 4xx or a list',
    async (path) => {
      const query = fc.dictionary(
        fc.oneof(fc.constantFrom(...QUERY_FIELDS), fc.string({ maxLength: 6 })),
        fc.string({ maxLength: 30 }),
        {
          maxKeys: 4,
        },
      );
      await property(query, async (fields: Record<string, string>) => {
        const answer = await send({
          method: 'GET',
          url: `/api/admin/v1${path}?${new URLSearchParams(fields).toString()}`,
          headers: { authorization: `Bearer ${token}` },
        });
        if (answer.statusCode === 200) expect(answer.json()).toBeTypeOf('object');
        else expect((answer.json() as { error: unknown }).error).toBeTypeOf('string');
      });
    },
  );

  const FORM_ROUTES = [
    '/login',
    '/login/2fa',
    '/account/security/enable',
    '/account/security/identity',
    '/account/security/setup',
    '/account/security/disable',
    '/account/security/recovery-codes',
    // Last: a run with the right form token ends the session the others use.
    '/logout',
  ];

  it.each(FORM_ROUTES)('POST %s answers any form with a page, never a 500', async (path) => {
    const fields = fc.dictionary(
      fc.oneof(fc.constantFrom(...FORM_FIELDS), fc.string({ maxLength: 8 })),
      // Sometimes the right form token, so the fields behind it are reached too.
      fc.oneof(fc.string({ maxLength: 40, unit: 'binary' }), fc.constant('__csrf__')),
      { maxKeys: 5 },
    );
    const body = fc.oneof(
      fields.map((f) =>
        new URLSearchParams(
          Object.entries(f).map(([k, v]): [string, string] => [k, v === '__csrf__' ? csrf : v]),
        ).toString(),
      ),
      rawText,
    );
    await property(body, async (payload: string) => {
      const answer = await send({
        method: 'POST',
        url: path,
        // A copy of the signed-in session: a logout or login in one run must not sign the next out.
        headers: { cookie: sessionCookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
      if (answer.statusCode >= 400) expect(answer.headers['content-type']).toMatch(/^text\/html/);
    });
  });
});
