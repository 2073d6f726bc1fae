// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { buildServer } from '../../src/server/app';
import type { ServerContext } from '../../src/server/context';
import type { Sql, SqlParams } from '../../src/server/db/sql';
import { loadServerKey } from '../../src/server/security/server-key';
import { decodeBase32 } from '../../src/shared/otp';
import { addAccounts, openTestSql, TEST_STORE } from '../support/test-store';

/** One call the stores made on the database: a statement, or a transaction around some. */
interface Call {
  kind: 'statement' | 'transaction';
  text: string;
  /** Made inside a transaction: it travels with it, not on its own. */
  inner: boolean;
}

/** The database, with every statement and transaction the server asks of it written down. */
function recording(sql: Sql): { sql: Sql; calls: Call[] } {
  const calls: Call[] = [];
  let depth = 0;
  const statement =
    <T>(run: (text: string, params?: SqlParams) => Promise<T>) =>
    (text: string, params?: SqlParams): Promise<T> => {
      calls.push({ kind: 'statement', text: text.trim(), inner: depth > 0 });
      return run(text, params);
    };
  const recorded: Sql = {
    dialect: sql.dialect,
    get: statement((text, params) => sql.get(text, params)),
    all: statement((text, params) => sql.all(text, params)),
    run: statement((text, params) => sql.run(text, params)),
    transaction: async (work) => {
      calls.push({ kind: 'transaction', text: '', inner: depth > 0 });
      depth++;
      try {
        return await sql.transaction(work);
      } finally {
        depth--;
      }
    },
    ping: () => sql.ping(),
    close: () => sql.close(),
  };
  return { sql: recorded, calls };
}

const isRead = (call: Call) => call.kind === 'statement' && /^SELECT\b/i.test(call.text);

/**
 * The help desk's code check is the admin API's hot path: on PostgreSQL an accepted code
 * costs two statements (the token with the target account, then the spend with its offset
 * and audit line: one commit); on SQLite the writes are one transaction (one group commit).
 */
describe(`the statements of a help-desk check on ${TEST_STORE}`, { timeout: 120_000 }, () => {
  let dir: string;
  let db: Sql;
  let calls: Call[];
  let app: FastifyInstance;
  let ctx: ServerContext;
  let token: string;
  let aliceId: number;
  let aliceSecret: Uint8Array;
  let now = Date.parse('2026-03-02T09:00:05Z');

  const codeOf = (secret: Uint8Array, at: number) =>
    nodeOtpEngine.totp({ type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30 }, at / 1000);
  const enroll = async (login: string): Promise<Uint8Array> => {
    const account = (await ctx.users.byLogin(login))!;
    const { secret } = await ctx.twoFactor.startEnrollment(account, 'Twofold test');
    const bytes = decodeBase32(secret);
    const pending = (await ctx.users.byLogin(login))!;
    expect(await ctx.twoFactor.confirmEnrollment(pending, codeOf(bytes, now))).not.toBeNull();
    return bytes;
  };
  const check = async (code: string) => {
    calls.length = 0;
    const answer = await app.inject({
      method: 'POST',
      url: `/api/admin/v1/users/${aliceId}/2fa/check`,
      payload: { code },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.statusCode).toBe(200);
    return { body: answer.json() as Record<string, unknown>, calls: [...calls] };
  };
  const auditResults = async () =>
    (
      await db.all<{ result: string }>("SELECT result FROM audit WHERE action = 'user.2fa.check' ORDER BY id")
    ).map((row) => row.result);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-check-statements-'));
    db = await openTestSql(dir);
    await addAccounts(
      db,
      [
        ['desk', 'helpdesk'],
        ['alice', 'user'],
      ],
      now,
    );
    ({ sql: db, calls } = recording(db));
    ({ app, ctx } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      clock: { nowMs: () => now },
    }));
    // The help desk uses 2FA itself, as a real one does: no policy is read for it then.
    const deskSecret = await enroll('desk');
    aliceSecret = await enroll('alice');
    aliceId = (await ctx.users.byLogin('alice'))!.id;
    now += 60_000;
    const session = await app.inject({
      method: 'POST',
      url: '/api/admin/v1/session',
      payload: { login: 'desk', password: 'desk password', code: codeOf(deskSecret, now) },
    });
    expect(session.statusCode).toBe(201);
    token = (session.json() as { token: string }).token;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a right code with one read and one write (a single statement on PostgreSQL)', async () => {
    now += 60_000;
    const accepted = await check(codeOf(aliceSecret, now));
    expect(accepted.body).toEqual({ valid: true, callerCheckId: expect.any(Number) });
    const outer = accepted.calls.filter((call) => !call.inner);
    // One round trip reads the token, its holder and the account checked.
    expect(outer.filter(isRead)).toHaveLength(1);
    expect(outer[0]).toMatchObject({ kind: 'statement', text: expect.stringMatching(/^SELECT/) });
    const writes = outer.filter((call) => !isRead(call));
    // The check's own write, then the caller check it passes (the proof for a reset, issue 25).
    expect(writes).toHaveLength(2);
    expect(JSON.stringify(writes[1])).toMatch(/INSERT INTO caller_checks/);
    if (TEST_STORE === 'postgres') {
      // Step, offset and audit line: one statement, one commit.
      expect(writes[0]).toMatchObject({ kind: 'statement', text: expect.stringMatching(/^WITH spent AS/) });
    } else {
      expect(writes[0]?.kind).toBe('transaction');
    }
    // All three were written.
    expect(await auditResults()).toEqual(['ok']);
    const offsets = await db.all<{ accepted: number }>(
      'SELECT accepted FROM code_offsets WHERE user_id = ?',
      [aliceId],
    );
    // The enrollment's code and this one.
    expect(offsets.map((row) => Number(row.accepted))).toEqual([1, 1]);
    // The step is spent: the same code again is refused.
    expect((await check(codeOf(aliceSecret, now))).body).toEqual({ valid: false });
  });

  it('refuses a wrong code, counts it against the account and audits it as failed', async () => {
    now += 60_000;
    const before = (await ctx.users.byId(aliceId))!.failedCount;
    const right = codeOf(aliceSecret, now);
    const window = [-30_000, 0, 30_000].map((shift) => codeOf(aliceSecret, now + shift));
    let wrong = right;
    while (window.includes(wrong)) wrong = String((Number(wrong) + 1) % 1_000_000).padStart(6, '0');
    const refused = await check(wrong);
    expect(refused.body).toEqual({ valid: false });
    expect((await ctx.users.byId(aliceId))!.failedCount).toBe(before + 1);
    // The replay of the first test and this wrong code.
    expect((await auditResults()).slice(1)).toEqual(['failed', 'failed']);
    // The right code of this step is still accepted, once.
    expect((await check(right)).body).toMatchObject({ valid: true });
    expect((await ctx.users.byId(aliceId))!.totpLastStep).toBe(Math.floor(now / 30_000));
  });
});
