import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../src/desktop/helpdesk/drivers/twofold/admin-v1-driver';
import {
  adminV1Driver,
  checkServerUrl,
  createTransport,
  HelpdeskError,
  matchVaultEntry,
  ProfileStore,
  usersCsv,
  type AdminUser,
} from '../../src/desktop/helpdesk';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof HelpdeskError ? error.code : 'not a HelpdeskError';
  }
}

describe('server addresses', () => {
  it('takes https anywhere and http only on this machine', () => {
    for (const ok of [
      'https://accounts.example.com',
      'http://127.0.0.1:8080',
      'http://127.9.9.9',
      'http://[::1]:3000',
      'http://localhost:1',
    ]) {
      expect(
        codeOf(() => checkServerUrl(ok)),
        ok,
      ).toBeUndefined();
    }
    expect(codeOf(() => checkServerUrl('http://accounts.example.com'))).toBe('INSECURE_URL');
    expect(codeOf(() => checkServerUrl('http://128.0.0.1'))).toBe('INSECURE_URL');
    expect(codeOf(() => checkServerUrl('ftp://example.com'))).toBe('BAD_URL');
    expect(codeOf(() => checkServerUrl('not a url'))).toBe('BAD_URL');
    expect(codeOf(() => checkServerUrl('https://root:pw@example.com'))).toBe('BAD_URL');
  });

  it('never allows plain http to a public host name (property)', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        fc.pre(!domain.endsWith('localhost'));
        return codeOf(() => checkServerUrl(`http://${domain}/`)) === 'INSECURE_URL';
      }),
    );
  });
});

describe("the server's refusals, in words", () => {
  const cases: [number, string, 'sign-in' | 'step-up' | 'action', string][] = [
    [401, 'code_required', 'sign-in', 'CODE_REQUIRED'],
    [401, 'invalid_code', 'sign-in', 'WRONG_CODE'],
    [401, 'invalid_credentials', 'sign-in', 'WRONG_CREDENTIALS'],
    [401, 'invalid_credentials', 'step-up', 'WRONG_CREDENTIALS'],
    [401, 'unauthorized', 'action', 'TOKEN_EXPIRED'],
    [403, 'step_up_required', 'action', 'STEP_UP_REQUIRED'],
    [403, 'self_action', 'action', 'SELF_ACTION'],
    [403, 'forbidden_role', 'action', 'FORBIDDEN_ROLE'],
    [404, 'not_found', 'action', 'NOT_FOUND'],
    [409, 'twofa_disabled', 'action', 'CONFLICT'],
    [400, 'invalid_request', 'action', 'INVALID_INPUT'],
    [429, 'throttled', 'action', 'THROTTLED'],
    [503, 'whatever', 'action', 'SERVER_ERROR'],
  ];
  it.each(cases)('%i %s during %s → %s', (status, code, phase, expected) => {
    const error = refusal(
      { status, body: { error: code, message: 'Server words.' } },
      phase,
      'https://a.example',
    );
    expect(error.code).toBe(expected);
    expect(error.message).not.toMatch(/\bat\s.*\(|Error:/);
  });
});

describe('CSV export', () => {
  const user = (login: string, name: string): AdminUser => ({
    id: 1,
    login,
    name,
    role: 'user',
    twofa: { enabled: true, enabledAt: '2026-01-02T03:04:05.000Z', lastUsedAt: null, recoveryCodesLeft: 8 },
    locked: false,
  });
  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = usersCsv([user('a', 'Smith, "Al"'), user('=HYPERLINK("x")', '@cmd')]);
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe('a,"Smith, ""Al""",user,on,2026-01-02T03:04:05.000Z,,8,no');
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")",'@cmd,user,on,2026-01-02T03:04:05.000Z,,8,no`);
  });
});

describe('"Fill from Twofold" finds the one entry for this login on this server', () => {
  const entries = [
    { id: '1', issuer: 'accounts.example.com', account: 'root', type: 'totp' },
    { id: '2', issuer: 'other.example.com', account: 'root', type: 'totp' },
    { id: '3', issuer: 'Accounts.Example.com', account: 'desk', type: 'hotp' },
  ];
  it('matches issuer = host name and account = login, case-insensitively', () => {
    expect(matchVaultEntry(entries, { url: 'https://accounts.example.com', login: 'ROOT' })?.id).toBe('1');
    expect(matchVaultEntry(entries, { url: 'https://accounts.example.com', login: 'desk' })).toBeNull();
    expect(matchVaultEntry(entries, { url: 'https://nowhere.example.com', login: 'root' })).toBeNull();
  });
  it("matches the server's default name for an address", () => {
    const local = [{ id: '9', issuer: 'Twofold (127.0.0.1, port 8069)', account: 'root', type: 'totp' }];
    expect(matchVaultEntry(local, { url: 'http://127.0.0.1:8069', login: 'root' })?.id).toBe('9');
    expect(matchVaultEntry(local, { url: 'http://127.0.0.1:8070', login: 'root' })).toBeNull();
  });
  it('never guesses between two fitting entries', () => {
    const twice = [...entries, { id: '4', issuer: 'accounts.example.com', account: 'root', type: 'totp' }];
    expect(matchVaultEntry(twice, { url: 'https://accounts.example.com', login: 'root' })).toBeNull();
  });
});

describe('server profiles on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twofold-profiles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps name, address, login and CA file only, and says when the file is damaged', async () => {
    const store = new ProfileStore(join(dir, 'helpdesk-profiles.json'));
    await store.save({
      name: 'prod',
      url: 'https://accounts.example.com/',
      login: 'root',
      caFile: '/etc/ca.pem',
    });
    await store.save({ name: 'local', url: 'http://127.0.0.1:8080', login: 'desk' });
    expect((await store.resolve()).name).toBe('local');
    expect(await store.resolve('prod')).toEqual({
      name: 'prod',
      url: 'https://accounts.example.com',
      login: 'root',
      caFile: '/etc/ca.pem',
    });
    const text = await readFile(store.path, 'utf8');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['current', 'profiles', 'version']);
    await expect(store.save({ name: 'bad', url: 'http://example.com', login: 'x' })).rejects.toMatchObject({
      code: 'INSECURE_URL',
    });
    await writeFile(store.path, '{"version": 1, "profiles": [{"name": 5}]}');
    await expect(store.list()).rejects.toMatchObject({ code: 'PROFILE' });
  });
});

describe('answers that are not what the contract says', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        request.url?.startsWith('/api/admin/v1/users') ? '{"users": "nope", "total": -1}' : '<html>',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => close());

  it('are refused as BAD_RESPONSE, never passed on', async () => {
    const transport = await createTransport({ url });
    try {
      const driver = adminV1Driver(transport);
      await expect(driver.connect('t'.repeat(32)).users({})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
      await expect(driver.signIn({ login: 'a', password: 'b' })).rejects.toMatchObject({
        code: 'BAD_RESPONSE',
      });
    } finally {
      await transport.close();
    }
  });
});
