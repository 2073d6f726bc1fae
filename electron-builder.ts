// How Twofold is packaged for each desktop (electron-builder). TypeScript rather than
// YAML for one reason: the node_modules that ship are worked out from what the built
// main process imports (scripts/package/runtime-deps.ts), so the account server's and
// the CLI's libraries (better-sqlite3, fastify, commander, …) never reach the package,
// whoever adds the next one to package.json.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { checkFeedUrl } from './src/desktop/updates/feed-url';
import { keepOutPatterns, packagedModules } from './scripts/package/runtime-deps';
import { INSTALLER_HOST_DIR, writeInstallerHost } from './scripts/package/installer-host';

const root = dirname(fileURLToPath(import.meta.url));

/** The update feed is fixed when a release is built (TWOFOLD_UPDATE_URL); without one, updates are off. */
export function updateFeed(env: Record<string, string | undefined> = process.env): Configuration['publish'] {
  const url = env.TWOFOLD_UPDATE_URL?.trim();
  if (!url) return null;
  try {
    checkFeedUrl(url);
  } catch (error) {
    throw new Error(`TWOFOLD_UPDATE_URL: ${(error as Error).message}.`, { cause: error });
  }
  return [{ provider: 'generic', url }];
}

/** The fuses flipped in the Electron binary at packaging (README, "Make a release"). */
export const electronFuses = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
} as const;

export function twofoldBuildConfig(env: Record<string, string | undefined> = process.env): Configuration {
  return {
    appId: 'app.twofold.desktop',
    productName: 'Twofold',
    copyright: 'Copyright © Twofold contributors (MIT licence)',
    directories: { output: 'dist', buildResources: 'build' },
    files: [
      'package.json',
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      'resources/tray/*.png',
      // Packages' own sources, tests and maps are not needed to run them.
      '!**/*.{map,ts,mts,cts,tsx}',
      '!**/node_modules/**/{test,tests,__tests__}/**',
      ...keepOutPatterns(packagedModules(root)),
    ],
    asar: true,
    // Native modules load only from a real file; everything else stays inside the asar,
    // where the integrity check covers it (zxing's .wasm is read through Electron's asar fs).
    asarUnpack: ['**/*.node'],
    // Only keytar is native among the modules that ship: rebuild it alone for Electron
    // (electron-builder would also rebuild better-sqlite3, which never ships).
    beforeBuild: async ({ appDir, electronVersion, arch }) => {
      const { rebuild } = await import('@electron/rebuild');
      await rebuild({ buildPath: appDir, electronVersion, arch, onlyModules: ['keytar'], force: true });
      return false;
    },
    // The installers' browser-host scripts and NSIS macros, from the app's manifest builder.
    beforePack: () => {
      writeInstallerHost(join(root, INSTALLER_HOST_DIR));
    },
    electronFuses,
    protocols: [{ name: 'OTP authentication link', schemes: ['otpauth'] }],
    publish: updateFeed(env),
    linux: {
      target: ['AppImage', 'deb', 'rpm'],
      executableName: 'twofold',
      icon: 'build/icons/png',
      category: 'Utility;Security',
      synopsis: 'Two-factor authentication codes and a 2FA help-desk console',
      maintainer: 'Twofold contributors',
      desktop: { entry: { Keywords: '2FA;TOTP;OTP;authenticator;' } },
    },
    // after-install / after-remove: electron-builder's own, plus the system-wide browser host manifests.
    deb: {
      depends: ['libsecret-1-0', 'libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils'],
      afterInstall: `${INSTALLER_HOST_DIR}/after-install.sh`,
      afterRemove: `${INSTALLER_HOST_DIR}/after-remove.sh`,
    },
    rpm: {
      depends: ['libsecret', 'gtk3', 'nss', 'libXScrnSaver', 'libXtst', 'xdg-utils'],
      afterInstall: `${INSTALLER_HOST_DIR}/after-install.sh`,
      afterRemove: `${INSTALLER_HOST_DIR}/after-remove.sh`,
    },
    mac: {
      target: ['dmg', 'zip'],
      icon: 'build/icon.icns',
      category: 'public.app-category.utilities',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.inherit.plist',
      // Signing comes from CSC_LINK / CSC_KEY_PASSWORD (or CSC_NAME); notarising from the
      // APPLE_* variables electron-builder reads. Nothing secret lives in the repository.
      notarize: Boolean(env.APPLE_TEAM_ID),
    },
    dmg: { sign: false },
    win: { target: [{ target: 'nsis', arch: ['x64', 'arm64'] }], icon: 'build/icon.ico' },
    // build/installer.nsh registers otpauth:// for the user (electron-builder's NSIS does not).
    nsis: {
      oneClick: true,
      perMachine: false,
      allowElevation: false,
      deleteAppDataOnUninstall: false,
      include: 'build/installer.nsh',
    },
  };
}

export default (): Configuration => twofoldBuildConfig();
