// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

/**
 * Requests another site can make a browser send (issue 9, item 3): a POST
 * without this session's form token, or a plain GET, changes no session, so a
 * cross-site request can neither log someone out nor end their half-done login.
 */
describe('cross-site requests leave sessions alone', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let codes: CodeSource;

  beforeAll(async () => {
    server = await startServer();
    await server.addUser({ login: 'alice', name: 'Alice', role: 'user', password: 'alice password' });
    await server.addUser({ login: 'bob', name: 'Bob', role: 'user', password: 'bob password' });
    const alice = new WebClient(server.baseUrl);
    expect(await alice.login('alice', 'alice password')).toBe('/account');
    await alice.enableTwoFactor('alice password', async (secret) => {
      codes = CodeSource.of(secret);
      return codes.next();
    });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('a POST /login/2fa without the form token does not end a signed-in session', async () => {
    const bob = new WebClient(server.baseUrl);
    expect(await bob.login('bob', 'bob password')).toBe('/account');
    const forged = await bob.post('/login/2fa', { code: '123456' });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('did not come from this site');
    expect((await bob.get('/account')).status).toBe(200);
  });

  it('a GET /login does not end a half-done login, which then completes', async () => {
    const alice = new WebClient(server.baseUrl);
    expect(await alice.login('alice', 'alice password')).toBe('/login/2fa');
    const half = alice.cookie('twofold_session');
    await alice.get('/login');
    expect(alice.cookie('twofold_session')).toBe(half);
    const step = await alice.get('/login/2fa');
    expect(step.status).toBe(200);
    const done = await alice.post('/login/2fa', {
      code: await codes.next(),
      csrf_token: WebClient.csrfOf(step.body),
    });
    expect(done.location).toBe('/account');
  });

  it('a POST /login/2fa without the form token does not end a half-done login', async () => {
    const alice = new WebClient(server.baseUrl);
    expect(await alice.login('alice', 'alice password')).toBe('/login/2fa');
    expect((await alice.post('/login/2fa', { code: '123456' })).status).toBe(403);
    expect((await alice.get('/login/2fa')).status).toBe(200);
  });

  it('a POST /login/2fa with no session left says the sign-in took too long', async () => {
    const stranger = new WebClient(server.baseUrl);
    const answer = await stranger.post('/login/2fa', { code: '123456' });
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('Your sign-in took too long');
  });
});
