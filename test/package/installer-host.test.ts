// The installers register the browser host (issue 24): the deb/rpm scripts and the NSIS
// macros are generated from the app's manifest builder; here they are generated, run
// (the Linux part, against a fake root) and read back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twofoldBuildConfig } from '../../electron-builder';
import { NATIVE_HOST_NAME } from '../../src/shared/browser/messages';
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../src/shared/browser/extension-ids';
import { BROWSERS, type BrowserName } from '../../src/desktop/browser/registration';
import {
  checkLinuxInstallerHost,
  fillLinuxMacros,
  INSTALLER_HOST_DIR,
  LINUX_SYSTEM_FOLDERS,
  linuxProduct,
  runHostSection,
  windowsManifestFile,
  writeInstallerHost,
  type InstallerHostFiles,
} from '../../scripts/package/installer-host';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'twofold-installer-host-'));
const config = twofoldBuildConfig({});
const product = linuxProduct(config);
let files: InstallerHostFiles;

/** What each browser must allow: the app's own extension ids, nothing else. */
const allowed: Record<'chromium' | 'firefox', object> = {
  chromium: { allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`] },
  firefox: { allowed_extensions: [FIREFOX_EXTENSION_ID] },
};
const family = (browser: BrowserName): 'chromium' | 'firefox' =>
  browser === 'firefox' ? 'firefox' : 'chromium';

/** Every browser's per-user registry key (Windows). */
const REGISTRY_KEYS: Record<BrowserName, string> = {
  chrome: 'Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'Software\\Chromium\\NativeMessagingHosts',
  edge: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
  firefox: 'Software\\Mozilla\\NativeMessagingHosts',
};

beforeAll(() => {
  files = writeInstallerHost(join(work, 'browser-host'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder config', () => {
  it('gives deb and rpm the generated scripts, which a beforePack hook writes', () => {
    for (const target of [config.deb, config.rpm]) {
      expect(target?.afterInstall).toBe(`${INSTALLER_HOST_DIR}/after-install.sh`);
      expect(target?.afterRemove).toBe(`${INSTALLER_HOST_DIR}/after-remove.sh`);
    }
    expect(typeof config.beforePack).toBe('function');
    expect(product).toEqual({ executable: 'twofold', sanitizedProductName: 'Twofold' });
  });
});

describe('deb and rpm scripts', () => {
  it('keep electron-builder’s own steps and use only its macros', () => {
    const install = readFileSync(files.afterInstall, 'utf8');
    expect(install).toContain("update-alternatives --install '/usr/bin/${executable}'");
    expect(install).toContain('chrome-sandbox');
    expect(readFileSync(files.afterRemove, 'utf8')).toContain('update-alternatives --remove');
    const macros = { ...product, productFilename: product.executable };
    expect(() => fillLinuxMacros(readFileSync(files.afterInstall, 'utf8'), macros)).not.toThrow();
    expect(() => fillLinuxMacros(readFileSync(files.afterRemove, 'utf8'), macros)).not.toThrow();
    expect(() => fillLinuxMacros('${nope}', macros)).toThrow(/nope/);
    // The whole filled scripts parse as bash (the package manager runs them whole).
    for (const file of [files.afterInstall, files.afterRemove]) {
      const filled = join(work, `filled-${basename(file)}`);
      writeFileSync(filled, fillLinuxMacros(readFileSync(file, 'utf8'), macros));
      expect(() => execFileSync('bash', ['-n', filled], { stdio: 'pipe' })).not.toThrow();
    }
  });

  it('write each browser’s system manifest for /opt/Twofold/twofold and remove it on uninstall', () => {
    const fake = mkdtempSync(join(work, 'root-'));
    const macros = { ...product, productFilename: product.executable };
    const install = fillLinuxMacros(readFileSync(files.afterInstall, 'utf8'), macros);
    const remove = fillLinuxMacros(readFileSync(files.afterRemove, 'utf8'), macros);
    // No /usr/lib64 in this root: Firefox's lib64 folder is left alone.
    runHostSection(install, fake, ['configure']);
    for (const browser of BROWSERS) {
      for (const folder of LINUX_SYSTEM_FOLDERS[browser]) {
        const file = join(fake, folder, `${NATIVE_HOST_NAME}.json`);
        if (folder.startsWith('/usr/lib64/')) {
          expect(() => readFileSync(file)).toThrow();
          continue;
        }
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        expect(manifest).toEqual({
          name: NATIVE_HOST_NAME,
          description: expect.any(String) as string,
          path: '/opt/Twofold/twofold',
          type: 'stdio',
          ...allowed[family(browser)],
        });
      }
    }
    expect(LINUX_SYSTEM_FOLDERS).toEqual({
      chrome: ['/etc/opt/chrome/native-messaging-hosts'],
      chromium: ['/etc/chromium/native-messaging-hosts'],
      edge: ['/etc/opt/edge/native-messaging-hosts'],
      brave: ['/etc/opt/brave.com/brave/native-messaging-hosts'],
      firefox: ['/usr/lib/mozilla/native-messaging-hosts', '/usr/lib64/mozilla/native-messaging-hosts'],
    });
    runHostSection(remove, fake, ['1']); // rpm upgrading: the new package's files stay
    expect(
      readFileSync(join(fake, '/etc/opt/chrome/native-messaging-hosts', `${NATIVE_HOST_NAME}.json`)),
    ).toBeTruthy();
    runHostSection(remove, fake, ['0']); // rpm erasing
    for (const browser of BROWSERS)
      for (const folder of LINUX_SYSTEM_FOLDERS[browser])
        expect(() => readFileSync(join(fake, folder, `${NATIVE_HOST_NAME}.json`))).toThrow();
  });

  it('pass the shared check (lib64 present, deb upgrade and remove), and the check fails on a wrong path', () => {
    const app = mkdtempSync(join(work, 'app-'));
    writeFileSync(join(app, 'twofold'), '');
    const good = checkLinuxInstallerHost(files, product, app);
    expect(good.problems).toEqual([]);
    expect(good.manifests).toHaveLength(6);
    const wrong = checkLinuxInstallerHost(files, { ...product, executable: 'elsewhere' }, app);
    expect(wrong.problems.join('\n')).toMatch(/no elsewhere/);
  });
});

/** NSIS backquoted string → its text at install time ($INSTDIR and the executable's name filled in). */
function nsisText(quoted: string): string {
  return quoted
    .slice(1, -1)
    .replace(/\$\{APP_EXECUTABLE_FILENAME\}/g, 'Twofold.exe')
    .replace(/\$\\n/g, '\n')
    .replace(/\$\$/g, '$');
}

describe('NSIS macros', () => {
  const macro = (text: string, name: string): string => {
    const match = new RegExp(`!macro ${name}\\n([\\s\\S]*?)!macroend`).exec(text);
    if (!match?.[1]) throw new Error(`no macro ${name}`);
    return match[1];
  };

  it('installer.nsh includes them and inserts both', () => {
    const installer = readFileSync(join(root, 'build/installer.nsh'), 'utf8');
    expect(installer).toContain('!include "${BUILD_RESOURCES_DIR}/browser-host/browser-host.nsh"');
    expect(macro(installer, 'customInstall')).toContain('!insertmacro twofoldBrowserHostInstall');
    expect(macro(installer, 'customUnInstall')).toContain('!insertmacro twofoldBrowserHostUnInstall');
  });

  it('write a manifest per browser in $INSTDIR and its HKCU key, and delete both on uninstall', () => {
    const nsh = readFileSync(files.nsis, 'utf8');
    const install = macro(nsh, 'twofoldBrowserHostInstall');
    const uninstall = macro(nsh, 'twofoldBrowserHostUnInstall');
    for (const browser of BROWSERS) {
      const file = `$INSTDIR\\${windowsManifestFile(browser)}`;
      const key = `${REGISTRY_KEYS[browser]}\\${NATIVE_HOST_NAME}`;
      const written = new RegExp(
        `FileOpen \\$0 "${file.replace(/[\\$.]/g, '\\$&')}" w\\n\\s*FileWrite \\$0 (\`[^\`]*\`)`,
      ).exec(install);
      expect(written, browser).not.toBeNull();
      const manifest = JSON.parse(nsisText(written?.[1] ?? '``')) as Record<string, unknown>;
      expect(manifest).toEqual({
        name: NATIVE_HOST_NAME,
        description: expect.any(String) as string,
        // Relative to the manifest's folder ($INSTDIR), as Windows browsers allow: the installed executable.
        path: 'Twofold.exe',
        type: 'stdio',
        ...allowed[family(browser)],
      });
      expect(install).toContain(`WriteRegStr SHELL_CONTEXT "${key}" "" "${file}"`);
      expect(uninstall).toContain(`ReadRegStr $0 SHELL_CONTEXT "${key}" ""`);
      expect(uninstall).toContain(`DeleteRegKey SHELL_CONTEXT "${key}"`);
      expect(uninstall).toContain(`Delete "${file}"`);
    }
  });
});
