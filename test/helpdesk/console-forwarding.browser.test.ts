import { readFileSync, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, openApp, snap, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { freePort, SyslogListener, until } from '../support/syslog-receiver';
import { helpdesk } from './support/console-page';

const noKeychain = keychainUnavailable();

/** The console's Audit tab with the local log forwarded as the organisation manages it. */
describe.skipIf(skipReason('console audit forwarding', noKeychain))(
  "the console's Audit tab shows where the local log is forwarded and what waits",
  { timeout: 120_000 },
  () => {
    let server: RunningServer;
    let app: AppSession;
    let listener: SyslogListener;
    let port: number;
    const before = process.env.TWOFOLD_MANAGED_SETTINGS;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({
        login: 'root',
        name: 'Root Admin',
        role: 'admin',
        password: 'root-password-1234',
      });
      app = await openApp();
      port = await freePort();
      const managed = join(app.scratch, 'managed.json');
      await writeFile(
        managed,
        JSON.stringify({
          auditForwarding: {
            syslog: { url: `tcp://127.0.0.1:${port}` },
            jsonLines: join(app.scratch, 'audit.jsonl'),
          },
        }),
      );
      // The host runs in this process: the console reads the managed file named here.
      process.env.TWOFOLD_MANAGED_SETTINGS = managed;
    }, 240_000);

    afterAll(async () => {
      if (before === undefined) delete process.env.TWOFOLD_MANAGED_SETTINGS;
      else process.env.TWOFOLD_MANAGED_SETTINGS = before;
      await listener?.stop();
      await app?.close();
      await server?.stop();
    });

    it('counts what the syslog receiver has not taken while it is down, and nothing once it is back', async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.open();
      await hd.signInWith(server.baseUrl, 'root', 'root-password-1234');
      await hd.signedIn();
      await hd.tab('Audit').click();
      const forwarding = page.getByRole('status').filter({ hasText: 'Forwarded to syslog' });
      // The sign-in is in the local log; nobody listens on the syslog port yet.
      await forwarding.getByText(/Forwarded to syslog tcp:\/\/127\.0\.0\.1:\d+: 1 record waiting/).waitFor();
      expect(await forwarding.textContent()).toMatch(/Last try failed: .*ECONNREFUSED/);
      expect(await forwarding.textContent()).toMatch(/Forwarded to json .*audit\.jsonl: nothing waiting/);
      await snap(page, 'audit-forwarding-backlog');
      const jsonl = join(app.scratch, 'audit.jsonl');
      expect(existsSync(jsonl) && readFileSync(jsonl, 'utf8')).toContain('"action":"session.signin"');

      listener = new SyslogListener();
      await listener.start(port);
      await until(() => listener.messages.length >= 1, 'the sign-in at the receiver', 60_000);
      expect(listener.messages[0]?.msgId).toBe('session.signin');
      // Reloading the tab (the filter) asks again.
      await until(
        async () => {
          await page.getByRole('button', { name: 'Filter' }).click();
          return /nothing waiting.*nothing waiting/s.test((await forwarding.textContent()) ?? '');
        },
        'no backlog shown',
        30_000,
      );
    });
  },
);
