// Issue 22: the console sends the app's language to a Twofold server (Accept-Language), so the
// server's own refusals — which the console shows as the server wrote them — are in it too; a
// language switch applies from the next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { testServices, type TestServices } from '../desktop/support/services';
import { ApiClient } from '../server/helpers/api-client';
import { startServer, type RunningServer } from '../support/server-process';

describe('a Twofold server’s refusals in the console’s language', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let t: TestServices;
  beforeAll(async () => {
    server = await startServer({});
    await server.addUser({ login: 'desk', name: 'Dana Desk', role: 'helpdesk', password: 'desk password' });
    await server.addUser({ login: 'bob', name: 'Bob Example', role: 'user', password: 'bob password' });
    t = await testServices();
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await server?.stop();
  });

  it('shows a reset refused for want of a proof in German, then in English after switching', async () => {
    const dispatch = createDispatch(desktopHandlers, t.services, undefined, () => t.services.language.t);
    const signedIn = await dispatch('helpdesk.signIn', {
      url: server.baseUrl,
      login: 'desk',
      password: 'desk password',
    });
    expect(signedIn.ok).toBe(true);
    const api = new ApiClient(server.baseUrl);
    await api.signIn('desk', 'desk password');
    const bob = await api.userId('bob');
    const reset = () =>
      dispatch('helpdesk.resetTwofa', {
        userId: bob,
        reason: 'new phone, ticket 7',
        password: 'desk password',
      });

    await t.services.settings.update({ language: 'de' });
    await expect.poll(() => t.services.language.locale).toBe('de');
    expect(await reset()).toMatchObject({
      ok: false,
      error: {
        message:
          'Um für Bob Example die 2FA zurückzusetzen, weisen Sie die Identität des Anrufers nach: Für Benutzer akzeptiert die Richtlinie eine in den letzten 15 Minuten bestandene Anruferprüfung oder die Freigabe durch eine zweite Person.',
      },
    });

    await t.services.settings.update({ language: 'en' });
    await expect.poll(() => t.services.language.locale).toBe('en');
    expect(await reset()).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(
          /^To reset 2FA for Bob Example, give a proof of the caller's identity/,
        ),
      },
    });
  });
});
