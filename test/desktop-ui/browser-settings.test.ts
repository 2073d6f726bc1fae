import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSocketPath } from '../../src/desktop/browser/app-channel';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, type AppSession } from '../support/host-page';
import { HostProcess } from '../support/native-host-process';
import { runBin } from '../support/run-bin';
import { skipReason } from '../support/skip';

const SECRET = 'JBSWY3DPEHPK3PXP';
const HOST_EXECUTABLE = '/opt/Twofold/twofold';
const skip = skipReason('desktop-ui browser settings', chromiumUnavailable());

describe.skipIf(skip)('Settings → Browser, and the app asking before a site gets its first code', () => {
  let app: AppSession;
  let host: HostProcess;
  const fakeHome = mkdtempSync(join(tmpdir(), 'twofold-browser-home-'));
  const savedHome = process.env.HOME;
  let vault = '';

  beforeAll(async () => {
    // The host manifests go under HOME: a fake one, read by the app in this process too.
    process.env.HOME = fakeHome;
    // What the packaged app registers is its own executable; here, a stand-in path.
    app = await openApp({ browserHost: HOST_EXECUTABLE });
    vault = join(app.host.home, 'vault.twofold');
    const env = { HOME: fakeHome, TWOFOLD_HOME: app.host.home };
    const add = `otpauth://totp/github.com:alice?secret=${SECRET}&issuer=github.com`;
    expect((await runBin('twofold', ['add', add, '--vault', vault], { env })).status).toBe(0);
    for (const browser of ['chromium', 'firefox'])
      expect(
        (await runBin('twofold', ['browser', 'install', '--browser', browser, '--vault', vault], { env }))
          .status,
      ).toBe(0);
    // The browser host asks the running app (the test host here) over its socket.
    host = new HostProcess(vault, { HOME: fakeHome, TWOFOLD_HOME: app.host.home });
  }, 240_000);

  afterAll(async () => {
    host?.child.kill();
    await app?.close();
    process.env.HOME = savedHome;
    rmSync(fakeHome, { recursive: true, force: true });
  });

  it('listens on a socket only the user can use (0600, in a 0700 folder), not a port', () => {
    const socket = appSocketPath(vault);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(socket, '..')).mode & 0o777).toBe(0o700);
  });

  it('asks in the app the first time a site wants a code: Deny refuses, Allow fills and is remembered', async () => {
    const { page } = app;
    const request = (id: number) => ({
      type: 'code',
      id,
      url: 'https://github.com/sessions/two-factor',
      topUrl: 'https://github.com/sessions/two-factor',
    });
    const denied = host.ask(request(1));
    const dialog = page.getByRole('dialog', { name: 'Fill codes on github.com?' });
    await dialog.getByRole('button', { name: 'Deny' }).click();
    expect(await denied).toEqual({
      id: 1,
      ok: false,
      reason: 'Filling on github.com was refused in Twofold.',
    });

    const allowed = host.ask(request(2));
    await dialog.getByRole('button', { name: 'Allow' }).click();
    const reply = (await allowed) as { ok: boolean; code: string };
    expect(reply.ok).toBe(true);
    const oathtool = execFileSync('oathtool', ['--totp', '-b', SECRET, '-w', '1'], { encoding: 'utf8' });
    expect(oathtool.split('\n')).toContain(reply.code);
    // Remembered: no question the second time.
    expect(await host.ask(request(3))).toMatchObject({ id: 3, ok: true });
    expect(await dialog.count()).toBe(0);
  });

  it('shows the registered browsers and the allowed sites; removing one and turning filling off take effect', async () => {
    const { page } = app;
    expect(existsSync(join(fakeHome, '.config/chromium/NativeMessagingHosts/org.twofold.browser.json'))).toBe(
      true,
    );
    expect(existsSync(join(fakeHome, '.mozilla/native-messaging-hosts/org.twofold.browser.json'))).toBe(true);
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Browser' });
    const browsers = section.getByRole('list', { name: 'Browsers' });
    await expect
      .poll(() => browsers.getByRole('listitem').allTextContents())
      .toEqual([
        'ChromeNot registeredRegister',
        'ChromiumRegisteredUnregister',
        'EdgeNot registeredRegister',
        'BraveNot registeredRegister',
        'FirefoxRegisteredUnregister',
      ]);
    const sites = section.getByRole('list', { name: 'Allowed sites' });
    expect(await sites.getByRole('listitem').allTextContents()).toEqual(['github.comRemove']);
    await sites.getByRole('button', { name: 'Remove github.com' }).click();
    await expect.poll(() => sites.getByRole('listitem').count()).toBe(0);
    await section.getByText('No site yet.').waitFor();

    const fill = section.getByRole('checkbox', { name: 'Fill codes in the browser' });
    expect(await fill.isChecked()).toBe(true);
    await fill.click();
    await expect.poll(() => fill.isChecked()).toBe(false);
    expect(
      await host.ask({ type: 'code', id: 4, url: 'https://github.com/', topUrl: 'https://github.com/' }),
    ).toEqual({
      id: 4,
      ok: false,
      reason: 'Filling codes in the browser is turned off in Twofold.',
    });
    await fill.click();
    await expect.poll(() => fill.isChecked()).toBe(true);
  });

  it("registers the app's executable with a browser from Settings, and unregisters it", async () => {
    const section = app.page.getByRole('region', { name: 'Browser' });
    const chrome = join(fakeHome, '.config/google-chrome/NativeMessagingHosts/org.twofold.browser.json');
    await section.getByRole('button', { name: 'Register Chrome' }).click();
    await section.getByRole('button', { name: 'Unregister Chrome' }).waitFor();
    expect(JSON.parse(readFileSync(chrome, 'utf8'))).toMatchObject({
      path: HOST_EXECUTABLE,
      allowed_origins: ['chrome-extension://pokpdoafbhlbfpfejnhjlphakedbegmp/'],
    });
    await section.getByRole('button', { name: 'Unregister Chrome' }).click();
    await section.getByRole('button', { name: 'Register Chrome' }).waitFor();
    expect(existsSync(chrome)).toBe(false);
  });
});
