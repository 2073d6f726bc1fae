// Store-dependent: the PostgreSQL pass runs this file too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishMessages } from '../../src/shared/i18n';
import { buildServer } from '../../src/server/app';
import type { ServerContext } from '../../src/server/context';
import type { Sql } from '../../src/server/db/sql';
import { loadServerKey } from '../../src/server/security/server-key';
import { DEFAULT_THROTTLE } from '../../src/server/security/throttle';
import {
  callerNearMissSentence,
  NEAR_MISS_SECONDS,
  phoneDriftSentence,
  signInNearMissSentence,
} from '../../src/shared/clock-drift';
import { addAccounts, openTestSql } from '../support/test-store';

/** The code an independent peer computes for a phone whose clock reads `unixSeconds`. */
const oathtool = (secret: string, unixSeconds: number): string =>
  execFileSync('oathtool', ['--totp', '--base32', `--now=@${unixSeconds}`, secret], {
    encoding: 'utf8',
  }).trim();

/**
 * Clock drift on the real app and store, with a clock the test moves: codes oathtool makes for a
 * phone from 10 minutes behind to 10 minutes ahead are accepted only within ±1 step, and the
 * others are explained (to the help desk and on the sign-in page), measured, and never accepted.
 */
/** The two-step page's sentence: the shared one, with Intl's "90 seconds" for the console's "90 s". */
const pageNearMiss = (offsetSeconds: number): string =>
  signInNearMissSentence(offsetSeconds).replace(/(\d+) s /, '$1 seconds ');

describe('clock drift, measured and explained', { timeout: 120_000 }, () => {
  let dir: string;
  let db: Sql;
  let app: FastifyInstance;
  let ctx: ServerContext;
  // 5 s into a time step, so an offset of whole quarter minutes lands on one step without doubt.
  let now = Date.parse('2026-03-02T09:00:05Z');
  const seconds = () => Math.floor(now / 1000);
  let admin = { token: '', at: -Infinity };
  /** The help desk's token, signed in again before the fake clock ends it (15 minutes). */
  const asAdmin = async (): Promise<string> => {
    if (now - admin.at > 10 * 60_000) admin = { token: (await signIn('root')).body.token as string, at: now };
    return admin.token;
  };

  const api = async (method: 'GET' | 'POST', url: string, payload?: object, token?: string) => {
    const response = await app.inject({
      method,
      url: `/api/admin/v1${url}`,
      ...(payload ? { payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };
  const signIn = async (login: string, code?: string) =>
    api(
      'POST',
      '/session',
      code ? { login, password: `${login} password`, code } : { login, password: `${login} password` },
    );

  /** Turns 2FA on for `login` (the service's enrollment, confirmed by a code of this moment); returns the secret. */
  const enroll = async (login: string): Promise<string> => {
    const account = await ctx.users.byLogin(login);
    if (account === undefined) throw new Error(`no ${login}`);
    const { secret } = await ctx.twoFactor.startEnrollment(account, 'Twofold test');
    const pending = await ctx.users.byLogin(login);
    expect(
      await ctx.twoFactor.confirmEnrollment(pending ?? account, oathtool(secret, seconds())),
    ).not.toBeNull();
    return secret;
  };
  const cookieOf = (setCookie: string | string[] | undefined) =>
    [setCookie ?? []]
      .flat()
      .map((c) => c.split(';')[0])
      .join('; ');
  /** Signs in to the server's pages with the password; returns a way to answer its two-step page. */
  const twoStepPage = async (login: string) => {
    const form = await app.inject({ method: 'GET', url: '/login' });
    let cookie = cookieOf(form.headers['set-cookie']);
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const password = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie },
      payload: { login, password: `${login} password`, csrf_token: csrf },
    });
    cookie = cookieOf(password.headers['set-cookie']) || cookie;
    const step = await app.inject({ method: 'GET', url: '/login/2fa', headers: { cookie } });
    const stepCsrf = /name="csrf_token" value="([^"]+)"/.exec(step.body)?.[1] ?? '';
    return async (code: string) => {
      const answer = await app.inject({
        method: 'POST',
        url: '/login/2fa',
        headers: { cookie },
        payload: { code, csrf_token: stepCsrf },
      });
      return { status: answer.statusCode, text: answer.body.replace(/&#39;|&#x27;/g, "'") };
    };
  };
  const userId = async (login: string): Promise<number> => {
    const found = await api('GET', `/users?q=${login}`, undefined, await asAdmin());
    return (found.body.users as { id: number; login: string }[]).find((u) => u.login === login)?.id ?? 0;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-drift-'));
    db = await openTestSql(dir);
    await addAccounts(
      db,
      [
        ['root', 'admin'],
        ['alice', 'user'],
        ['bob', 'user'],
        ['carol', 'user'],
      ],
      now,
    );
    ({ app, ctx } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      clock: { nowMs: () => now },
      // Every offset is tried in turn: the limits on wrong codes are not what this test is about.
      throttle: {
        ...DEFAULT_THROTTLE,
        account: { backoffAfter: 10_000, lockAfter: 10_000 },
        address: { backoffAfter: 10_000, lockAfter: 10_000 },
      },
    }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts only ±1 step and explains codes from −600 to +600 s to the help desk', async () => {
    const secret = await enroll('alice');
    const id = await userId('alice');
    const seen: string[] = [];
    // Every time step from −22 to +22 once; the two-step page (a password sign-in each, costly
    // on a busy machine) is checked at both ends of the window and near its middle.
    const pageSteps = new Set([-20, -3, 2, 4, 20]);
    for (let offset = -660; offset <= 660; offset += 30) {
      // A minute on each time: steps accepted before never stand in the way (replay guard).
      now += 60_000;
      const code = oathtool(secret, seconds() + offset);
      const step = Math.floor((seconds() + offset) / 30) - Math.floor(seconds() / 30);
      const check = await api('POST', `/users/${id}/2fa/check`, { code }, await asAdmin());
      expect(check.status, `offset ${offset}`).toBe(200);
      if (Math.abs(step) <= 1) {
        // A right code is also a caller check the help desk can give as its proof (issue 25).
        expect(check.body, `offset ${offset}`).toEqual({ valid: true, callerCheckId: expect.any(Number) });
      } else if (Math.abs(step) * 30 <= NEAR_MISS_SECONDS) {
        expect(check.body, `offset ${offset}`).toEqual({ valid: false, phoneClockOffsetSeconds: step * 30 });
        // Wrong is wrong: the same code signs nobody in either, and the page says why.
        if (pageSteps.has(step)) {
          const page = await (await twoStepPage('alice'))(code);
          expect(page.status, `offset ${offset}`).toBe(401);
          expect(page.text, `offset ${offset}`).toContain(pageNearMiss(step * 30));
        }
        seen.push(callerNearMissSentence(step * 30));
      } else {
        expect(check.body, `offset ${offset}`).toEqual({ valid: false });
      }
    }
    // What the console shows for the two examples of the issue.
    expect(seen).toContain(
      "✗ Wrong code; it would be right if the phone's clock were 90 s later — ask them to turn on automatic time.",
    );
    expect(seen).toContain(
      "✗ Wrong code; it would be right if the phone's clock were 2 minutes earlier — ask them to turn on automatic time.",
    );
  });

  it("shows the user's measured drift, and a new authenticator starts afresh", async () => {
    const secret = await enroll('bob');
    const id = await userId('bob');
    const user = async () => (await api('GET', `/users/${id}`, undefined, await asAdmin())).body;
    // The enrollment code itself is the first measurement: on time.
    expect(await user()).toMatchObject({ twofa: { clockDrift: { offsetSeconds: 0, codes: 1 } } });
    // Bob's phone runs 2 minutes late: each sign-in is refused, and measured (the latest ten count).
    for (let i = 0; i < 10; i++) {
      now += 60_000;
      const page = await (await twoStepPage('bob'))(oathtool(secret, seconds() - 120));
      expect(page.text).toContain(pageNearMiss(-120));
    }
    const drift = (await user()).twofa as {
      clockDrift: { offsetSeconds: number; codes: number; lastAt: string };
    };
    expect(drift.clockDrift).toEqual({ offsetSeconds: -120, codes: 10, lastAt: new Date(now).toISOString() });
    expect(phoneDriftSentence(drift.clockDrift.offsetSeconds)).toBe(
      "Codes from this user's phone run about 2 minutes late.",
    );
    // The list stays as it was: the drift is one user's detail.
    const listed = await api('GET', '/users?q=bob', undefined, await asAdmin());
    expect((listed.body.users as { twofa: object }[])[0]?.twofa).not.toHaveProperty('clockDrift');
    // Turning 2FA off (and so any reset) forgets the old phone's clock.
    await ctx.twoFactor.disable(id);
    expect((await user()).twofa).toMatchObject({ clockDrift: null });
  });

  it("explains a near miss on the server's own two-step page, and still refuses it", async () => {
    const secret = await enroll('carol');
    now += 60_000;
    const answer = await twoStepPage('carol');
    const late = await answer(oathtool(secret, seconds() - 90));
    expect(late.status).toBe(401);
    // The page's words (Intl's "90 seconds"; the console's shorter "90 s" is the shared sentence's).
    expect(late.text).toContain(
      "Wrong code — it would be right if your phone's clock were 90 seconds later. Turn on automatic date and time on your phone, then enter the newest code.",
    );
    // Ten minutes and more off is just a wrong code.
    const far = await answer(oathtool(secret, seconds() + 900));
    expect(far.status).toBe(401);
    expect(far.text).not.toContain('would be right');
    expect(far.text).toContain(englishMessages['server.twoStep.wrongCode']);
    // The right code of this moment still works on the same page.
    expect((await answer(oathtool(secret, seconds()))).status).toBe(303);
  });
});
