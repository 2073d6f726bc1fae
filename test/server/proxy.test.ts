// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import type { Sql } from '../../src/server/db/sql';
import { openTestSql } from '../support/test-store';
import { UserStore } from '../../src/server/db/users';
import { hashPassword } from '../../src/server/security/password';
import { addressKey } from '../../src/server/security/address-key';
import { parseTrustProxy, type TrustProxy } from '../../src/server/security/proxy';
import { loadServerKey } from '../../src/server/security/server-key';
import { DEFAULT_THROTTLE } from '../../src/server/security/throttle';
import { runServerCli } from '../support/server-process';

/**
 * X-Forwarded-For (issue 9, item 2): only configured proxies (or a hop count)
 * are believed, and the client address is the one the last trusted proxy saw,
 * never an entry the client wrote itself. The real app and SQLite file, through
 * fastify's inject, which lets a test choose the connecting peer's address.
 */
describe('the client address behind reverse proxies', { timeout: 90_000 }, () => {
  let dir: string;
  let db: Sql;
  let hash: string;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-proxy-'));
    db = await openTestSql(dir);
    hash = await hashPassword('root password');
    new UserStore(db).insert({
      login: 'root',
      name: 'Root',
      role: 'admin',
      passwordHash: hash,
      now: Date.now(),
    });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const appWith = async (trustProxy: TrustProxy, throttle = DEFAULT_THROTTLE): Promise<FastifyInstance> => {
    const { app } = await buildServer({
      sql: db,
      serverKey: loadServerKey(join(dir, 'server.key'), undefined),
      trustProxy,
      throttle,
    });
    apps.push(app);
    return app;
  };

  /** Signs in through `peer` with the given X-Forwarded-For; returns the address the audit log recorded. */
  const seenAddress = async (app: FastifyInstance, peer: string, forwardedFor?: string): Promise<string> => {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/admin/v1/session',
      remoteAddress: peer,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      payload: { login: 'root', password: 'root password' },
    });
    expect(answer.statusCode).toBe(201);
    const row = await db.get<{ client_address: string }>(
      "SELECT client_address FROM audit WHERE action = 'api.session' ORDER BY id DESC LIMIT 1",
    );
    return row!.client_address;
  };

  it('reads the setting: off, a hop count, or proxy addresses and ranges', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('1')).toEqual({ hops: 1 });
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,loopback')).toEqual({
      addresses: ['127.0.0.1', '10.0.0.0/8', '::1', 'loopback'],
    });
    expect(() => parseTrustProxy('yes')).toThrow(/not an address or range/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/not an address or range/);
  });

  it('takes the address the configured proxy saw, not what the client wrote before it', async () => {
    const app = await appWith({ addresses: ['127.0.0.1'] });
    expect(await seenAddress(app, '127.0.0.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    expect(await seenAddress(app, '127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    // A peer that is not the proxy is the client itself, whatever header it sends.
    expect(await seenAddress(app, '198.51.100.50', '6.6.6.6')).toBe('198.51.100.50');
  });

  it('with a chain of trusted proxies, walks back to the first address none of them is', async () => {
    const app = await appWith({ addresses: ['127.0.0.1', '192.0.2.0/24'] });
    expect(await seenAddress(app, '127.0.0.1', '6.6.6.6, 198.51.100.8, 192.0.2.10')).toBe('198.51.100.8');
  });

  it('with a hop count, believes that many hops and no more', async () => {
    const one = await appWith({ hops: 1 });
    expect(await seenAddress(one, '127.0.0.1', '6.6.6.6, 198.51.100.9')).toBe('198.51.100.9');
    const two = await appWith({ hops: 2 });
    expect(await seenAddress(two, '127.0.0.1', '6.6.6.6, 198.51.100.9, 192.0.2.1')).toBe('198.51.100.9');
  });

  it('without a proxy setting, ignores the header', async () => {
    const app = await appWith(false);
    expect(await seenAddress(app, '127.0.0.1', '198.51.100.7')).toBe('127.0.0.1');
  });

  it('rotating the forged part of the header neither escapes nor lifts the address lock', async () => {
    // A lower address limit than the default, so the test hashes fewer passwords; the rule is the same.
    const policy = { ...DEFAULT_THROTTLE, backoffBaseMs: 0, address: { backoffAfter: 3, lockAfter: 6 } };
    const app = await appWith({ addresses: ['127.0.0.1'] }, policy);
    const guess = (i: number, password = 'wrong', login = `nobody${i}`) =>
      app.inject({
        method: 'POST',
        url: '/api/admin/v1/session',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `203.0.113.${i % 250}, 198.51.100.20` },
        payload: { login, password },
      });
    for (let i = 0; i < policy.address.lockAfter + 5; i++) expect((await guess(i)).statusCode).toBe(401);
    const failures = await db.get<{ failed_count: number }>(
      'SELECT failed_count FROM address_failures WHERE address = ?',
      ['198.51.100.20'],
    );
    expect(failures?.failed_count).toBe(policy.address.lockAfter);
    // Locked: even the right password is refused from this client, with a fresh forged entry.
    expect((await guess(999, 'root password', 'root')).statusCode).toBe(401);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 address', () => {
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('0:0:0:0:0:ffff:c000:201')).toBe('192.0.2.1');
    // Not mapped: NAT64's prefix and the old IPv4-compatible form are IPv6 addresses like any other.
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('not an address')).toBe('not an address');
  });

  it('behind a trusted proxy, a client rotating addresses within its IPv6 /64 shares one lock', async () => {
    const policy = { ...DEFAULT_THROTTLE, backoffBaseMs: 0, address: { backoffAfter: 3, lockAfter: 6 } };
    const app = await appWith({ addresses: ['127.0.0.1'] }, policy);
    const signIn = (client: string, password: string, login: string) =>
      app.inject({
        method: 'POST',
        url: '/api/admin/v1/session',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
        payload: { login, password },
      });
    // Each guess from a new address of the same /64, as privacy extensions hand them out.
    for (let i = 0; i < policy.address.lockAfter + 3; i++) {
      const answer = await signIn(`2001:db8:77:1:${(i + 1).toString(16)}::${i + 1}`, 'wrong', `nobody${i}`);
      expect(answer.statusCode).toBe(401);
    }
    const failures = await db.get<{ failed_count: number }>(
      'SELECT failed_count FROM address_failures WHERE address = ?',
      ['2001:db8:77:1::/64'],
    );
    expect(failures?.failed_count).toBe(policy.address.lockAfter);
    // Locked: the right password from yet another address of that /64 is refused …
    expect((await signIn('2001:db8:77:1:ffff::9', 'root password', 'root')).statusCode).toBe(401);
    // … while the next /64 (another client) and an IPv4 client are not held back.
    expect((await signIn('2001:db8:77:2::9', 'root password', 'root')).statusCode).toBe(201);
    expect((await signIn('::ffff:198.51.100.77', 'root password', 'root')).statusCode).toBe(201);
    expect(
      await db.get('SELECT address FROM address_failures WHERE address = ?', ['198.51.100.77']),
    ).toBeDefined();
  });

  it('refuses to start on a setting it cannot read', async () => {
    const result = await runServerCli(['serve', '--db', join(dir, 'other.sqlite'), '--port', '0'], {
      env: { TWOFOLD_SERVER_TRUST_PROXY: 'true' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TWOFOLD_SERVER_TRUST_PROXY');
  });
});
