// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { AUTH_ACTIONS } from '../../src/server/audit';
import type { Sql } from '../../src/server/db/sql';
import { addAccounts, openTestSql } from '../support/test-store';
import { loadServerKey } from '../../src/server/security/server-key';
import { DEFAULT_THROTTLE } from '../../src/server/security/throttle';

interface AuditRow {
  at: string;
  actor: string;
  action: string;
  reason: string | null;
  result: string;
  clientAddress: string | null;
}

/**
 * The audit log under failed sign-ins (issue 9, item 4): what was typed as a
 * login is never stored, no record names an actor that does not exist, anonymous
 * failures cannot flood the log, and only administrators read authentication
 * failures. The real app and SQLite file through inject, with a clock the test moves.
 */
describe('the audit log and failed sign-ins', { timeout: 120_000 }, () => {
  let dir: string;
  let db: Sql;
  let app: FastifyInstance;
  let now = Date.parse('2026-03-02T09:00:05Z');
  const WINDOW = 10 * 60_000;
  const LIMITS = { windowMs: WINDOW, perAddress: 3, overall: 8 };

  const signIn = (login: string, password: string, from = '198.51.100.1') =>
    app.inject({
      method: 'POST',
      url: '/api/admin/v1/session',
      remoteAddress: from,
      payload: { login, password },
    });
  const tokenOf = async (login: string): Promise<string> => {
    const answer = await signIn(login, `${login} password`, '127.0.0.1');
    expect(answer.statusCode).toBe(201);
    return (answer.json() as { token: string }).token;
  };
  const audit = async (token: string, query = ''): Promise<AuditRow[]> => {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/admin/v1/audit?limit=1000${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.statusCode).toBe(200);
    return (answer.json() as { records: AuditRow[] }).records;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-audit-'));
    db = await openTestSql(dir);
    await addAccounts(
      db,
      [
        ['root', 'admin'],
        ['desk', 'helpdesk'],
      ],
      now,
    );
    ({ app } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      clock: { nowMs: () => now },
      // Generous limits: this test is about the log, not the throttle.
      throttle: {
        ...DEFAULT_THROTTLE,
        backoffBaseMs: 0,
        address: { backoffAfter: 1000, lockAfter: 1000 },
      },
      auditFlood: LIMITS,
    }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never stores what was typed as an unknown login, yet repeats can be matched', async () => {
    // Someone types their password into the login field.
    expect((await signIn('Tr0ub4dor&3', 'whatever')).statusCode).toBe(401);
    expect((await signIn('Tr0ub4dor&3', 'again', '198.51.100.2')).statusCode).toBe(401);
    expect((await signIn('ROOT', 'wrong', '198.51.100.3')).statusCode).toBe(401);
    const records = await audit(await tokenOf('root'), '&action=api.session');
    expect(JSON.stringify(records)).not.toContain('Tr0ub4dor');
    const failed = records.filter((r) => r.result === 'refused');
    const [second, first] = failed.filter((r) => r.actor.startsWith('unknown login #'));
    expect(first?.actor).toMatch(/^unknown login #[A-Za-z0-9_-]{12}$/);
    expect(second?.actor).toBe(first?.actor);
    // A real account is named by its own login, not by what was typed.
    expect(failed.some((r) => r.actor === 'root')).toBe(true);
    expect(failed.some((r) => r.actor === 'ROOT')).toBe(false);
  });

  it('names only real accounts or marked unknowns as actors', async () => {
    for (const invented of ['root (on behalf of desk)', 'cli:root', 'system']) {
      expect((await signIn(invented, 'x', '198.51.100.4')).statusCode).toBe(401);
    }
    const actors = new Set((await audit(await tokenOf('root'))).map((r) => r.actor));
    for (const actor of actors) expect(actor).toMatch(/^(root|desk|unknown login #.{12}|\(not signed in\))$/);
  });

  it('records a few failures per address and window one by one, then counts the rest in one line', async () => {
    now += WINDOW; // a fresh window
    const root = await tokenOf('root');
    const before = (await audit(root)).length;
    for (let i = 0; i < 7; i++) expect((await signIn(`nobody${i}`, 'x', '203.0.113.1')).statusCode).toBe(401);
    // Five more addresses, two failures each: the overall cap (8) stops one-by-one records too.
    for (let a = 2; a <= 6; a++) {
      for (let i = 0; i < 2; i++)
        expect((await signIn('nobody', 'x', `203.0.113.${a}`)).statusCode).toBe(401);
    }
    const all = await audit(root);
    const during = all.slice(0, all.length - before);
    const oneByOne = during.filter((r) => r.action === 'api.session' && r.result === 'refused');
    expect(oneByOne.filter((r) => r.clientAddress === '203.0.113.1')).toHaveLength(LIMITS.perAddress);
    expect(oneByOne).toHaveLength(LIMITS.overall);

    now += WINDOW; // the window ends: the counts become summary lines
    const summaries = (await audit(root, '&action=auth.failures')).filter(
      (r) => Date.parse(r.at) <= now && Date.parse(r.at) > now - WINDOW,
    );
    const counted: Record<string, number> = Object.fromEntries(
      summaries.map((r) => [
        r.clientAddress,
        Number(/^(\d+) more failed sign-ins/.exec(r.reason ?? '')?.[1]),
      ]),
    );
    // 203.0.113.1: 7 failures, 3 recorded; the others: 10 failures, 5 recorded (8 in all).
    expect(counted['203.0.113.1']).toBe(4);
    const rest = Object.entries(counted).filter(([address]) => address !== '203.0.113.1');
    expect(rest.reduce((sum, [, n]) => sum + n, 0)).toBe(5);
    expect(summaries.every((r) => r.actor === '(not signed in)')).toBe(true);
  });

  it('shows authentication failures to administrators only', async () => {
    expect((await signIn('desk', 'wrong', '198.51.100.9')).statusCode).toBe(401);
    const forAdmin = await audit(await tokenOf('root'));
    const isAuthFailure = (r: AuditRow) =>
      (AUTH_ACTIONS as readonly string[]).includes(r.action) && r.result !== 'ok';
    expect(forAdmin.filter(isAuthFailure).length).toBeGreaterThan(0);
    const forDesk = await audit(await tokenOf('desk'));
    expect(forDesk.filter(isAuthFailure)).toEqual([]);
    expect(forDesk.some((r) => r.action === 'api.session' && r.actor === 'desk' && r.result === 'ok')).toBe(
      true,
    );
  });
});
