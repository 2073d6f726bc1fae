// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSql } from '../../src/server/db/open';
import type { Sql } from '../../src/server/db/sql';
import { UserStore } from '../../src/server/db/users';
import { hashPassword } from '../../src/server/security/password';
import { startServer, type RunningServer } from '../support/server-process';
import { locationOf } from '../support/test-store';
import { ApiClient } from './helpers/api-client';
import { WebClient } from './helpers/web-client';

/**
 * Bursts of simultaneous guesses (issue 9, item 1): 100 wrong passwords at once,
 * and the right one while they are in flight, against the real server process. No
 * burst may yield a session or a token, and the failure counters must end at the
 * limits (10 per account, 50 per address), not past them. Back-off is set to 0 so
 * the counters run up to the lock; the proxy at 127.0.0.1 is trusted so that a
 * test can speak for many client addresses.
 */
const WRONG = 100;
const ACCOUNT_LIMIT = 10;
const ADDRESS_LIMIT = 50;

interface Outcome {
  accepted: number;
  refused: number;
  rightAccepted: boolean;
  ms: number;
}

/**
 * Sends `WRONG` wrong attempts at once, and the right one as soon as `limit` of them
 * have been answered (each is counted before it is answered, so the counter is then at
 * the limit) while the rest are still in flight. Sent in the same tick instead, the
 * right one could reach the server before the limit and rightly pass.
 */
async function burst(limit: number, send: (right: boolean, i: number) => Promise<boolean>): Promise<Outcome> {
  const started = performance.now();
  let answered = 0;
  let releaseRight!: () => void;
  const limitReached = new Promise<void>((resolve) => (releaseRight = resolve));
  const wrong = Array.from({ length: WRONG }, (_, i) =>
    send(false, i).finally(() => {
      if (++answered === limit) releaseRight();
    }),
  );
  const right = limitReached.then(() => send(true, WRONG));
  const answers = await Promise.all([...wrong, right]);
  const accepted = answers.filter(Boolean).length;
  return {
    accepted,
    refused: answers.length - accepted,
    rightAccepted: answers[WRONG] === true,
    ms: Math.round(performance.now() - started),
  };
}

describe('bursts of simultaneous guesses never get past the limits', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let db: Sql;
  const figures: string[] = [];

  const accountFailures = async (login: string): Promise<number> =>
    (await db.get<{ failed_count: number }>('SELECT failed_count FROM users WHERE login = ?', [login]))
      ?.failed_count ?? 0;
  const addressFailures = async (address: string): Promise<number> =>
    (
      await db.get<{ failed_count: number }>('SELECT failed_count FROM address_failures WHERE address = ?', [
        address,
      ])
    )?.failed_count ?? 0;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const note = (what: string, outcome: Outcome, counters: string) => {
    figures.push(
      `${what}: ${outcome.accepted} accepted, ${outcome.refused} refused, ${counters}, ${outcome.ms} ms`,
    );
  };

  beforeAll(async () => {
    server = await startServer({
      env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0', TWOFOLD_SERVER_TRUST_PROXY: '127.0.0.1' },
    });
    const accounts = [
      ['api1', 'admin'],
      ['api2', 'admin'],
      ['stepup', 'admin'],
      ['webber', 'user'],
      ['identity', 'user'],
      ...Array.from({ length: 25 }, (_, i) => [`spray${i}`, 'user'] as const),
    ] as const;
    // Written straight into the server's database: 30 runs of `user add` take minutes on a busy machine.
    db = await openSql(locationOf(server.dbPath));
    const users = new UserStore(db);
    // Hashed side by side (scrypt runs on the thread pool): one after another takes minutes on a loaded machine.
    const hashes = await Promise.all(accounts.map(([login]) => hashPassword(`${login} password`)));
    for (const [i, [login, role]] of accounts.entries()) {
      await users.insert({ login, name: login, role, passwordHash: hashes[i] as string, now: Date.now() });
    }
  }, 300_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
    console.log(`burst figures:\n  ${figures.join('\n  ')}`);
  });

  it('POST /api/admin/v1/session from one address: no token, the account stops at its limit', async () => {
    const from = { 'x-forwarded-for': '198.51.100.1' };
    const outcome = await burst(ACCOUNT_LIMIT, async (right) => {
      const answer = await post(
        '/api/admin/v1/session',
        { login: 'api1', password: right ? 'api1 password' : 'wrong password' },
        from,
      );
      return answer.status === 201;
    });
    note(
      'admin API sign-in, one address',
      outcome,
      `account ${await accountFailures('api1')}, address ${await addressFailures('198.51.100.1')}`,
    );
    expect(outcome.rightAccepted).toBe(false);
    expect(outcome.accepted).toBe(0);
    expect(await accountFailures('api1')).toBe(ACCOUNT_LIMIT);
    expect(await addressFailures('198.51.100.1')).toBe(ACCOUNT_LIMIT);
  });

  it('POST /login: no session, the account stops at its limit', async () => {
    // An attacker opens one login form per guess, then sends them all at once.
    const forms = await Promise.all(
      Array.from({ length: WRONG + 1 }, async () => {
        const web = new WebClient(server.baseUrl);
        const csrf = WebClient.csrfOf((await web.get('/login')).body);
        return { web, csrf };
      }),
    );
    const outcome = await burst(ACCOUNT_LIMIT, async (right, i) => {
      const { web, csrf } = forms[i]!;
      const answer = await web.post('/login', {
        login: 'webber',
        password: right ? 'webber password' : 'wrong password',
        csrf_token: csrf,
      });
      return answer.status === 303;
    });
    note('web login, one address', outcome, `account ${await accountFailures('webber')}`);
    expect(outcome.accepted).toBe(0);
    expect((await forms[WRONG]!.web.get('/account')).location).toBe('/login');
    expect(await accountFailures('webber')).toBe(ACCOUNT_LIMIT);
  });

  it('POST /api/admin/v1/session/step-up: no step-up, the account stops at its limit', async () => {
    const admin = new ApiClient(server.baseUrl);
    expect((await admin.signIn('stepup', 'stepup password')).status).toBe(201);
    const outcome = await burst(ACCOUNT_LIMIT, async (right) => {
      const answer = await admin.stepUp(right ? 'stepup password' : 'wrong password');
      return answer.status === 200;
    });
    note('admin API step-up', outcome, `account ${await accountFailures('stepup')}`);
    expect(outcome.accepted).toBe(0);
    expect(await accountFailures('stepup')).toBe(ACCOUNT_LIMIT);
    // Still no step-up: a destructive action is refused for want of one.
    const me = await admin.call<{ id: number }>('GET', '/me');
    expect((await admin.call('POST', '/me/2fa/setup', {})).body.error).toBe('step_up_required');
    expect(me.status).toBe(200);
  });

  it('POST /account/security/identity: no identity check passes, the account stops at its limit', async () => {
    const web = new WebClient(server.baseUrl);
    expect(await web.login('identity', 'identity password')).toBe('/account');
    const csrf = WebClient.csrfOf((await web.get('/account/security')).body);
    const outcome = await burst(ACCOUNT_LIMIT, async (right) => {
      const answer = await web.post('/account/security/identity', {
        password: right ? 'identity password' : 'wrong password',
        csrf_token: csrf,
      });
      return answer.status === 303;
    });
    note('web identity check', outcome, `account ${await accountFailures('identity')}`);
    expect(outcome.accepted).toBe(0);
    expect(await accountFailures('identity')).toBe(ACCOUNT_LIMIT);
    expect((await web.get('/account/security/setup')).location).toBe('/account/security');
  });

  it('one address spraying 25 accounts stops at the address limit', async () => {
    const from = { 'x-forwarded-for': '198.51.100.2' };
    const outcome = await burst(ADDRESS_LIMIT, async (right, i) => {
      const login = right ? 'spray0' : `spray${i % 25}`;
      const answer = await post(
        '/api/admin/v1/session',
        { login, password: right ? 'spray0 password' : 'wrong password' },
        from,
      );
      // `user` accounts get 403 (not a help-desk account) once the password is right.
      return answer.status !== 401;
    });
    const perAccount = await Promise.all(Array.from({ length: 25 }, (_, i) => accountFailures(`spray${i}`)));
    const total = perAccount.reduce((a, b) => a + b, 0);
    note(
      'password spray, one address',
      outcome,
      `address ${await addressFailures('198.51.100.2')}, accounts ${total}`,
    );
    expect(outcome.accepted).toBe(0);
    expect(await addressFailures('198.51.100.2')).toBe(ADDRESS_LIMIT);
    expect(total).toBe(ADDRESS_LIMIT);
  });

  it('from 101 addresses through two server processes on one database: no token, one account limit', async () => {
    const other = await startServer({
      env: server.env,
      dbPath: server.dbPath,
    });
    try {
      const outcome = await burst(ACCOUNT_LIMIT, async (right, i) => {
        const base = i % 2 === 0 ? server.baseUrl : other.baseUrl;
        const answer = await fetch(`${base}/api/admin/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` },
          body: JSON.stringify({ login: 'api2', password: right ? 'api2 password' : 'wrong password' }),
        });
        return answer.status === 201;
      });
      const perAddress = await Promise.all(
        Array.from({ length: WRONG + 1 }, (_, i) => addressFailures(`203.0.113.${i}`)),
      );
      const total = perAddress.reduce((a, b) => a + b, 0);
      note(
        'admin API sign-in, 101 addresses, two processes',
        outcome,
        `account ${await accountFailures('api2')}, addresses ${total} in all, at most ${Math.max(...perAddress)} each`,
      );
      expect(outcome.accepted).toBe(0);
      expect(await accountFailures('api2')).toBe(ACCOUNT_LIMIT);
      expect(Math.max(...perAddress)).toBe(1);
      expect(total).toBe(ACCOUNT_LIMIT);
    } finally {
      await other.stop();
    }
  });
});
