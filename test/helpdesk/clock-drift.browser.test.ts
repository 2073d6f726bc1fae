import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { startDatedServer, type DatedServer } from '../support/dated-server';
import { helpdesk } from './support/console-page';
import { WebUser } from './support/web-user';

const noKeychain = keychainUnavailable();

const ROOT_PASSWORD = 'root-password-1234';
const ALICE_PASSWORD = 'alice-password-1234';

/** The code oathtool makes for a phone whose clock is `offset` seconds off. */
const phoneCode = (secret: string, offset: number): string =>
  execFileSync(
    'oathtool',
    ['--totp', '--base32', `--now=@${Math.floor(Date.now() / 1000) + offset}`, secret],
    {
      encoding: 'utf8',
    },
  ).trim();

/** Waits while the current time step has under `seconds` left, so a code and its check fall in one step. */
async function awayFromStepEnd(seconds: number): Promise<void> {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}

describe.skipIf(skipReason('clock drift in the console (Chromium)', chromiumUnavailable() ?? noKeychain))(
  "The console explains a phone clock's drift, against the real server",
  () => {
    let server: RunningServer;
    let app: AppSession;
    let secret = '';
    let wrongClock: DatedServer | undefined;

    beforeAll(async () => {
      await ensureRendererBuilt();
      server = await startServer();
      await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: ROOT_PASSWORD });
      await server.addUser({ login: 'alice', name: 'Alice Example', role: 'user', password: ALICE_PASSWORD });
      const web = new WebUser(server.baseUrl);
      await web.login('alice', ALICE_PASSWORD);
      await awayFromStepEnd(10);
      // Enrolled with a code of this very step: the first measurement says her phone is on time.
      await web.enableTwofa(ALICE_PASSWORD, async (shown) => {
        secret = shown;
        return phoneCode(shown, 0);
      });
      app = await openApp();
    }, 240_000);

    afterAll(async () => {
      await wrongClock?.close();
      await app?.close();
      await server?.stop();
    });

    it("explains a near miss at the check, and the user panel then says the phone's codes run late", async () => {
      const { page } = app;
      const hd = helpdesk(page);
      await hd.open();
      await hd.signInWith(server.baseUrl, 'root', ROOT_PASSWORD);
      await hd.users.getByRole('row', { name: /alice/ }).click();
      const drift = hd.panel.getByTestId('clock-drift');
      await expect
        .poll(() => drift.textContent(), { timeout: 15_000 })
        .toBe("Codes from this user's phone match the server's clock.");

      await hd.panel.getByRole('button', { name: 'Verify a code' }).click();
      const dialog = hd.dialog();
      await awayFromStepEnd(8);
      // Alice's phone runs 2 minutes late: wrong now, and the console says which way to set it.
      await dialog.getByLabel('Code the caller reads out').fill(phoneCode(secret, -120));
      await dialog.getByRole('button', { name: 'Check code' }).click();
      await dialog.locator('.helpdesk-verdict--bad').waitFor({ timeout: 15_000 });
      expect(await dialog.getByRole('status').textContent()).toBe(
        "✗ Wrong code; it would be right if the phone's clock were 2 minutes later — ask them to turn on automatic time.",
      );
      await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

      // Two codes measured (on time, 4 steps late): on average 60 s late.
      await expect
        .poll(() => drift.textContent(), { timeout: 15_000 })
        .toBe("Codes from this user's phone run about 60 s late.");
    });

    it("warns above the console when this computer's clock is off from the server's Date header", async () => {
      const { page } = app;
      const hd = helpdesk(page);
      const banner = page.getByRole('region', { name: "This computer's clock is off" });
      expect(await banner.count()).toBe(0);
      await page.getByRole('button', { name: 'Sign out' }).click();
      // The same server, seen through a proxy whose Date header runs 40 s behind this computer.
      wrongClock = await startDatedServer(-40, server.baseUrl);
      await hd.signInWith(wrongClock.url, 'root', ROOT_PASSWORD);
      await banner.waitFor({ timeout: 15_000 });
      expect(await banner.textContent()).toMatch(
        /^This computer's clock is (40|30|50) s ahead of .+'s\. Codes made here may be refused: turn on automatic date and time\.$/,
      );
    });
  },
);
