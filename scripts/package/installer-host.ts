// The installers' part of the browser host (issue 24): the deb/rpm after-install and
// after-remove scripts write and remove the system-wide host manifests, and the NSIS
// installer writes a manifest per browser into its folder and the browser's HKCU key.
// Everything is generated from the app's own manifest builder (hostManifest), so the
// extension ids the installers allow are the ones Settings → Browser allows.
// electron-builder's beforePack hook writes these files into build/browser-host/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { NATIVE_HOST_NAME } from '../../src/shared/browser/messages';
import {
  BROWSERS,
  hostManifest,
  registryKey,
  type BrowserName,
} from '../../src/desktop/browser/registration';

/** Each browser's system-wide folder of host manifests on Linux. */
export const LINUX_SYSTEM_FOLDERS: Record<BrowserName, readonly string[]> = {
  chrome: ['/etc/opt/chrome/native-messaging-hosts'],
  chromium: ['/etc/chromium/native-messaging-hosts'],
  edge: ['/etc/opt/edge/native-messaging-hosts'],
  brave: ['/etc/opt/brave.com/brave/native-messaging-hosts'],
  firefox: ['/usr/lib/mozilla/native-messaging-hosts', '/usr/lib64/mozilla/native-messaging-hosts'],
};

/**
 * The installed executable, in electron-builder's own template macros (its after-install
 * script links /usr/bin to the same path); electron-builder fills them in when it packages.
 */
export const LINUX_EXECUTABLE_TEMPLATE = '/opt/${sanitizedProductName}/${executable}';

/** Lets a test run the section against a fake root; empty (the real root) when a package manager runs it. */
export const ROOT_VARIABLE = 'TWOFOLD_INSTALL_ROOT';
export const SECTION_START = '# >>> Twofold browser host';
export const SECTION_END = '# <<< Twofold browser host';

const MANIFEST_FILE = `${NATIVE_HOST_NAME}.json`;

function manifestJson(browser: BrowserName, path: string): string {
  return `${JSON.stringify(hostManifest(browser, path), null, 2)}\n`;
}

/** electron-builder's own Linux script templates, which a custom script replaces (so it keeps them). */
function defaultTemplate(name: 'after-install' | 'after-remove'): string {
  const require = createRequire(import.meta.url);
  const builder = join(require.resolve('app-builder-lib/package.json'), '..');
  return readFileSync(join(builder, 'templates', 'linux', `${name}.tpl`), 'utf8');
}

// electron-builder reads every ${letters} as one of its macros: shell variables here are unbraced or ${NAME_X:-}.
export function linuxAfterInstallSection(): string {
  const lines = [SECTION_START, `root="\${${ROOT_VARIABLE}:-}"`];
  for (const browser of BROWSERS) {
    for (const folder of LINUX_SYSTEM_FOLDERS[browser]) {
      // Firefox's lib64 folder only where the system has a /usr/lib64.
      const guard = folder.startsWith('/usr/lib64/') ? `[ -d "$root/usr/lib64" ] && ` : '';
      lines.push(
        `${guard}mkdir -p "$root${folder}" && cat > "$root${folder}/${MANIFEST_FILE}" <<'TWOFOLD_MANIFEST'`,
        manifestJson(browser, LINUX_EXECUTABLE_TEMPLATE).trimEnd(),
        'TWOFOLD_MANIFEST',
      );
      lines.push(`[ -f "$root${folder}/${MANIFEST_FILE}" ] && chmod 644 "$root${folder}/${MANIFEST_FILE}"`);
    }
  }
  lines.push('true', SECTION_END);
  return `${lines.join('\n')}\n`;
}

export function linuxAfterRemoveSection(): string {
  const lines = [SECTION_START, `root="\${${ROOT_VARIABLE}:-}"`];
  // rpm runs the old package's after-remove on upgrade too, with $1 = 1: keep the manifests then.
  lines.push('if [ "${1:-}" != "1" ] && [ "${1:-}" != "upgrade" ]; then');
  for (const browser of BROWSERS)
    for (const folder of LINUX_SYSTEM_FOLDERS[browser])
      lines.push(`  rm -f "$root${folder}/${MANIFEST_FILE}"`);
  lines.push('fi', 'true', SECTION_END);
  return `${lines.join('\n')}\n`;
}

/** NSIS string in backquotes (the JSON has double quotes); $ doubled, newlines as $\n. */
function nsisString(text: string): string {
  if (text.includes('`')) throw new Error('A backquote cannot go into an NSIS backquoted string.');
  return `\`${text.replace(/\$/g, '$$$$').replace(/\r?\n/g, '$\\n')}\``;
}

/** The manifest's file in the install folder; its path is relative to that folder (Windows allows it). */
export function windowsManifestFile(browser: BrowserName): string {
  return `${NATIVE_HOST_NAME}.${browser}.json`;
}

export function windowsRegistrySubkey(browser: BrowserName): string {
  return registryKey(browser).replace(/^HKCU\\/, '');
}

/** Stands for electron-builder's NSIS define of the executable's file name until the string is escaped. */
const EXECUTABLE_MARK = 'TWOFOLD_EXECUTABLE_FILENAME';

export function nsisMacros(): string {
  const install = ['!macro twofoldBrowserHostInstall'];
  const uninstall = ['!macro twofoldBrowserHostUnInstall'];
  for (const browser of BROWSERS) {
    const file = `$INSTDIR\\${windowsManifestFile(browser)}`;
    const key = windowsRegistrySubkey(browser);
    install.push(
      `  FileOpen $0 "${file}" w`,
      `  FileWrite $0 ${nsisString(manifestJson(browser, EXECUTABLE_MARK)).replace(EXECUTABLE_MARK, '${APP_EXECUTABLE_FILENAME}')}`,
      '  FileClose $0',
      `  WriteRegStr SHELL_CONTEXT "${key}" "" "${file}"`,
    );
    // Removed only while it still points at this installation's manifest (Settings → Browser may have re-pointed it).
    uninstall.push(
      `  ReadRegStr $0 SHELL_CONTEXT "${key}" ""`,
      `  \${if} $0 == "${file}"`,
      `    DeleteRegKey SHELL_CONTEXT "${key}"`,
      '  ${endIf}',
      `  Delete "${file}"`,
    );
  }
  install.push('!macroend');
  uninstall.push('!macroend');
  return [
    "; Generated by scripts/package/installer-host.ts from the app's manifest builder: do not edit.",
    ...install,
    '',
    ...uninstall,
    '',
  ].join('\n');
}

export interface InstallerHostFiles {
  afterInstall: string;
  afterRemove: string;
  nsis: string;
}

export const INSTALLER_HOST_DIR = 'build/browser-host';

/** Where the three files are in dir. */
export function installerHostFiles(dir: string): InstallerHostFiles {
  return {
    afterInstall: join(dir, 'after-install.sh'),
    afterRemove: join(dir, 'after-remove.sh'),
    nsis: join(dir, 'browser-host.nsh'),
  };
}

/** Writes the three files into dir (build/browser-host by default) and returns their paths. */
export function writeInstallerHost(dir: string): InstallerHostFiles {
  mkdirSync(dir, { recursive: true });
  const files = installerHostFiles(dir);
  writeFileSync(
    files.afterInstall,
    `${defaultTemplate('after-install').trimEnd()}\n\n${linuxAfterInstallSection()}`,
    {
      mode: 0o755,
    },
  );
  writeFileSync(
    files.afterRemove,
    `${defaultTemplate('after-remove').trimEnd()}\n\n${linuxAfterRemoveSection()}`,
    {
      mode: 0o755,
    },
  );
  writeFileSync(files.nsis, nsisMacros());
  return files;
}

/** electron-builder's macros in a Linux script template, filled as it fills them (an unknown one is an error). */
export function fillLinuxMacros(template: string, macros: Record<string, string>): string {
  return template.replace(/\$\{([a-zA-Z]+)\}/g, (_match, name: string) => {
    const value = macros[name];
    if (value === undefined) throw new Error(`Macro ${name} is not defined`);
    return value.replace(/'/g, `'\\''`);
  });
}

/** The browser-host section of a generated script, as written between its markers. */
export function hostSection(script: string): string {
  const start = script.indexOf(SECTION_START);
  const end = script.indexOf(SECTION_END);
  if (start < 0 || end < start) throw new Error('The script has no browser-host section.');
  return script.slice(start, end + SECTION_END.length) + '\n';
}

/** Runs a script's browser-host section under bash with root as the file system's root. */
export function runHostSection(script: string, root: string, args: readonly string[] = []): void {
  execFileSync('bash', ['-eu', '-c', hostSection(script), 'after-script', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', [ROOT_VARIABLE]: root },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

export interface LinuxProduct {
  /** electron-builder's ${executable} (linux.executableName). */
  executable: string;
  /** electron-builder's ${sanitizedProductName}: the folder under /opt. */
  sanitizedProductName: string;
}

export function linuxProduct(config: Configuration): LinuxProduct {
  const productName = config.productName ?? 'Twofold';
  return { executable: config.linux?.executableName ?? productName, sanitizedProductName: productName };
}

/**
 * Runs the deb/rpm after-install section against a fake root and checks every browser's
 * system manifest: Twofold's name, the installed executable (appDir/<executable> when the
 * unpacked app is given), the app's own allowed extensions; then after-remove takes them away.
 */
export function checkLinuxInstallerHost(
  files: InstallerHostFiles,
  product: LinuxProduct,
  appDir?: string,
): { problems: string[]; manifests: string[] } {
  const problems: string[] = [];
  const manifests: string[] = [];
  const macros = { ...product, productFilename: product.executable };
  const afterInstall = fillLinuxMacros(readFileSync(files.afterInstall, 'utf8'), macros);
  const afterRemove = fillLinuxMacros(readFileSync(files.afterRemove, 'utf8'), macros);
  const installed = `/opt/${product.sanitizedProductName}/${product.executable}`;
  if (appDir !== undefined && !existsSync(join(appDir, product.executable)))
    problems.push(`the manifests point at ${installed}, but the package has no ${product.executable}`);
  const root = mkdtempSync(join(tmpdir(), 'twofold-installer-root-'));
  try {
    mkdirSync(join(root, 'usr/lib64'), { recursive: true });
    runHostSection(afterInstall, root, ['configure']);
    for (const browser of BROWSERS) {
      const expected = hostManifest(browser, installed);
      for (const folder of LINUX_SYSTEM_FOLDERS[browser]) {
        const file = join(root, folder, MANIFEST_FILE);
        if (!existsSync(file)) {
          problems.push(`${browser}: after-install wrote nothing in ${folder}`);
          continue;
        }
        manifests.push(join(folder, MANIFEST_FILE));
        const written = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (JSON.stringify(written) !== JSON.stringify(expected))
          problems.push(`${browser}: ${folder}/${MANIFEST_FILE} is not the app's manifest for ${installed}`);
      }
    }
    runHostSection(afterRemove, root, ['upgrade']);
    if (manifests.some((file) => !existsSync(join(root, file))))
      problems.push('after-remove took the manifests away on an upgrade');
    runHostSection(afterRemove, root, ['remove']);
    for (const file of manifests)
      if (existsSync(join(root, file))) problems.push(`after-remove left ${file}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { problems, manifests };
}
