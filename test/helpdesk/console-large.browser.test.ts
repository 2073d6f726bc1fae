import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { eventually, helpdesk } from './support/console-page';
import { lockAccount, withServerDb } from './support/server-db';

const noKeychain = keychainUnavailable();

const DIRECTORY = 100_000;
const DESK_PASSWORD = 'desk-password-1234';

/** A large directory straight into the server's database: these accounts never sign in, so a placeholder hash will do. */
function fillDirectory(dbPath: string): void {
  withServerDb(dbPath, (db) => {
    const insert = db.prepare(
      "INSERT INTO users (login, name, role, password_hash, created_at) VALUES (?, ?, 'user', 'placeholder-never-matches', ?)",
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < DIRECTORY; i++) {
        const n = String(i).padStart(6, '0');
        insert.run(`person${n}`, `Person ${n}`, now);
      }
    })();
  });
}

describe.skipIf(skipReason('help desk console, large directory', chromiumUnavailable() ?? noKeychain))(
  'The help-desk console with 100,000 users, and its refusals',
  () => {
    let server: RunningServer;
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({ login: 'desk', name: 'Desk Helper', role: 'helpdesk', password: DESK_PASSWORD });
      await server.addUser({
        login: 'boss',
        name: 'Boss Admin',
        role: 'admin',
        password: 'boss-password-1234',
      });
      fillDirectory(server.dbPath);
      lockAccount(server.dbPath, 'boss');
      app = await openApp();
      const hd = helpdesk(app.page);
      await hd.open();
      await hd.signInWith(server.baseUrl, 'desk', DESK_PASSWORD);
      await hd.signedIn();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
      await server?.stop();
    });

    it('pages, sorts and searches a directory of 100,000', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      const total = DIRECTORY + 2;
      await eventually(
        () => hd.pager().textContent(),
        (t) => t === `${total.toLocaleString()} users · page 1 of 2,001`,
      );
      const first = await hd.logins();
      expect(first).toHaveLength(50);
      expect(first[0]).toBe('boss');
      await page.getByRole('button', { name: 'Next' }).click();
      await eventually(
        () => hd.pager().textContent(),
        (t) => t?.includes('page 2 of 2,001') ?? false,
      );
      await eventually(
        () => hd.logins(),
        (l) => l[0] === 'person000048',
      );
      // Sorting goes to the server (the whole directory), and starts again at page 1.
      await hd.users.getByRole('button', { name: 'Name' }).click();
      await hd.users.getByRole('button', { name: 'Name' }).click();
      await eventually(
        () => hd.logins(),
        (l) => l[0] === 'person099999',
      );
      expect(await hd.pager().textContent()).toContain('page 1 of');
      await page.getByRole('searchbox', { name: 'Search users' }).fill('person054321');
      await eventually(
        () => hd.logins(),
        (l) => l.join() === 'person054321',
      );
      await page.getByRole('searchbox', { name: 'Search users' }).fill('');
      await hd.chip('Locked').click();
      await eventually(
        () => hd.logins(),
        (l) => l.join() === 'boss',
      );
    });

    it('says, before any click, that the help desk cannot act on an admin; nothing changes', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.users.getByRole('row', { name: /boss/ }).click();
      // The server refuses this (the CLI's refusal is tested in cli-failures): the console greys it out and says why.
      const unlock = hd.panel.getByRole('button', { name: 'Unlock' });
      await expect(unlock.isDisabled()).resolves.toBe(true);
      const why = await unlock.evaluate(
        (el) => el.ownerDocument.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      );
      expect(why).toBe('The help desk cannot act on an administrator; ask an administrator.');
      expect(await hd.panel.locator('.pill--locked').count()).toBe(1);
    });

    it('says the server is down when it stops mid-session', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await server.stop();
      await hd.chip('Locked').click();
      const alert = page.getByRole('alert').first();
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(
        /^Cannot reach http:\/\/127\.0\.0\.1:\d+\. Check the address and that the server is running/,
      );
    });
  },
);
