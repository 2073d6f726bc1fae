// Issue 22: the admin API's refusals are in the asker's language (the console sends its app
// language as Accept-Language), the CLI's and any client's without one in English; a refused page
// is in the page’s language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { ApiClient } from './helpers/api-client';
import { WebClient } from './helpers/web-client';

describe('the admin API and error pages in the asker’s language', { timeout: 120_000 }, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({});
    await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' });
    await server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password' });
    await server.addUser({ login: 'bob', name: 'Bob Example', role: 'user', password: 'bob password' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('says a wrong password in German, Japanese or English as asked', async () => {
    const client = new ApiClient(server.baseUrl);
    client.language = 'de-DE,de;q=0.9,en;q=0.5';
    expect((await client.signIn('root', 'not it')).body).toEqual({
      error: 'invalid_credentials',
      message: 'Falscher Benutzername oder falsches Passwort.',
    });
    client.language = 'ja';
    expect((await client.signIn('root', 'not it')).body.message).toBe(
      'ログイン名またはパスワードが違います。',
    );
    client.language = undefined;
    expect((await client.signIn('root', 'not it')).body.message).toBe('Wrong login or password.');
    // Not a route: the generic answer, in Arabic.
    client.language = 'ar-EG';
    const missing = await client.call('GET', '/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('لا يوجد شيء على هذا العنوان.');
  });

  it('fills a refusal’s values — names, roles, the accepted proofs — in the asked language', async () => {
    const desk = new ApiClient(server.baseUrl);
    expect((await desk.signIn('desk', 'desk password')).status).toBe(201);
    expect((await desk.stepUp('desk password')).status).toBe(200);
    const bob = await desk.userId('bob');
    desk.language = 'fr';
    const refused = await desk.call('POST', `/users/${bob}/2fa/reset`, { reason: 'new phone, ticket 9' });
    expect(refused.body).toEqual({
      error: 'proof_required',
      message:
        'Pour réinitialiser la 2FA de Bob Example, donnez une preuve de l’identité de l’appelant : pour les utilisateurs, la politique accepte une vérification d’appelant réussie dans les 15 dernières minutes ou l’approbation d’un second membre du personnel.',
    });
    desk.language = 'zh-CN';
    const twoProofs = await desk.call('POST', `/users/${bob}/2fa/reset`, {
      reason: 'lost phone, ticket 10',
      inPersonNote: 'passport',
    });
    expect(twoProofs.body.message).toBe(
      '对于用户，策略不接受本人到场，已查验身份证件：它接受最近 15 分钟内通过的来电者核验或另一名工作人员的批准。',
    );
    desk.language = undefined;
    expect(
      (await desk.call('POST', `/users/${bob}/2fa/reset`, { reason: 'lost phone, ticket 11' })).body.message,
    ).toMatch(
      /^To reset 2FA for Bob Example, give a proof of the caller's identity: for users the policy accepts a caller check passed in the last 15 minutes or a second staff member's approval\.$/,
    );

    const root = await desk.userId('root');
    desk.language = 'de';
    const onAdmin = await desk.call('POST', `/users/${root}/2fa/reset`, { reason: 'lost phone, ticket 12' });
    expect(onAdmin.body.error).toBe('forbidden_role');
    expect(onAdmin.body.message).toBe(
      'Der Helpdesk kann nur auf Benutzerkonten handeln; bitten Sie einen Administrator.',
    );
  });

  it('shows a refused form in the page’s language', async () => {
    const web = new WebClient(server.baseUrl, { 'accept-language': 'es' });
    await web.get('/login');
    const forged = await web.post('/login', { login: 'bob', password: 'bob password', csrf_token: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('Este formulario');
    expect(forged.body).not.toContain('This form has expired');
  });
});
