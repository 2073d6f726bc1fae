import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserHostCaller } from '../../src/desktop/browser/host-mode';
import { BROWSERS, manifestPath, registryKey } from '../../src/desktop/browser/registration';
import { runBin } from '../support/run-bin';

const home = mkdtempSync(join(tmpdir(), 'twofold-registration-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const LINUX = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  firefox: '.mozilla/native-messaging-hosts',
};

describe.skipIf(process.platform !== 'linux')('twofold browser install on Linux', () => {
  const env = { HOME: home, TWOFOLD_HOME: join(home, 'twofold') };
  const vault = join(home, 'twofold', 'vault.twofold');

  it("writes each browser's manifest in its own folder, allowed for Twofold's extension only, pointing at a launcher", async () => {
    const install = await runBin('twofold', ['browser', 'install', '--vault', vault], { env });
    expect(install.status).toBe(0);
    for (const browser of BROWSERS) {
      const file = join(home, LINUX[browser], 'org.twofold.browser.json');
      expect(install.stdout).toContain(`${browser}: ${file}`);
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(manifest).toMatchObject({ name: 'org.twofold.browser', type: 'stdio' });
      if (browser === 'firefox') expect(manifest.allowed_extensions).toEqual(['browser@twofold.app']);
      else expect(manifest.allowed_origins).toEqual(['chrome-extension://pokpdoafbhlbfpfejnhjlphakedbegmp/']);
      accessSync(String(manifest.path), constants.X_OK);
    }
    const status = await runBin('twofold', ['browser', 'status', '--vault', vault], { env });
    for (const browser of BROWSERS) expect(status.stdout).toContain(`${browser}: registered`);
  });

  it('uninstall removes them all', async () => {
    expect((await runBin('twofold', ['browser', 'uninstall', '--vault', vault], { env })).status).toBe(0);
    for (const browser of BROWSERS)
      expect(existsSync(join(home, LINUX[browser], 'org.twofold.browser.json'))).toBe(false);
  });
});

describe('where the manifests go on macOS and Windows (computed; not checked on disk here)', () => {
  it('macOS: each browser folder under ~/Library/Application Support', () => {
    expect(BROWSERS.map((browser) => manifestPath(browser, undefined, 'darwin', '/Users/alice'))).toEqual([
      '/Users/alice/Library/Application Support/Google/Chrome/NativeMessagingHosts/org.twofold.browser.json',
      '/Users/alice/Library/Application Support/Chromium/NativeMessagingHosts/org.twofold.browser.json',
      '/Users/alice/Library/Application Support/Microsoft Edge/NativeMessagingHosts/org.twofold.browser.json',
      '/Users/alice/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts/org.twofold.browser.json',
      '/Users/alice/Library/Application Support/Mozilla/NativeMessagingHosts/org.twofold.browser.json',
    ]);
  });

  it("Windows: a manifest file per browser under Twofold's local app data, named by each browser's registry key", () => {
    const saved = process.env.LOCALAPPDATA;
    delete process.env.LOCALAPPDATA;
    try {
      expect(manifestPath('edge', undefined, 'win32', 'C:\\Users\\alice')).toBe(
        'C:\\Users\\alice\\AppData\\Local\\Twofold\\NativeMessagingHosts\\edge\\org.twofold.browser.json',
      );
    } finally {
      if (saved !== undefined) process.env.LOCALAPPDATA = saved;
    }
    expect(BROWSERS.map(registryKey)).toEqual([
      'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\org.twofold.browser',
      'HKCU\\Software\\Chromium\\NativeMessagingHosts\\org.twofold.browser',
      'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\org.twofold.browser',
      'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\org.twofold.browser',
      'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\org.twofold.browser',
    ]);
  });

  it('a profile given with --user-data-dir gets its own NativeMessagingHosts folder', () => {
    expect(manifestPath('chromium', '/tmp/profile')).toBe(
      '/tmp/profile/NativeMessagingHosts/org.twofold.browser.json',
    );
  });
});

describe("the packaged executable is the host only when a browser names Twofold's extension", () => {
  it.each([
    [['/opt/Twofold/twofold', 'chrome-extension://pokpdoafbhlbfpfejnhjlphakedbegmp/'], true],
    [['Twofold.exe', 'chrome-extension://pokpdoafbhlbfpfejnhjlphakedbegmp/', '--parent-window=0'], true],
    [
      [
        '/opt/Twofold/twofold',
        '/home/a/.mozilla/native-messaging-hosts/org.twofold.browser.json',
        'browser@twofold.app',
      ],
      true,
    ],
    [['/opt/Twofold/twofold', 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'], false],
    [['/opt/Twofold/twofold', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP'], false],
    [['/opt/Twofold/twofold'], false],
  ])('%j: %s', (argv, host) => expect(browserHostCaller(argv) !== null).toBe(host));
});
