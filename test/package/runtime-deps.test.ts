import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { twofoldBuildConfig } from '../../electron-builder';
import { moduleDirOf } from '../../scripts/package/layout-check';
import {
  bareImports,
  keepOutPatterns,
  moduleNameOf,
  packagedModules,
  packageNameOf,
} from '../../scripts/package/runtime-deps';

const root = resolve(import.meta.dirname, '../..');

describe('the runtime modules of the desktop package', () => {
  it('reads the packages a built module imports', () => {
    const code = `import { a } from "zod";\nimport x from '@otplib/core/x.js';\nconst k = await import("keytar");\nrequire("electron");import "./local.js";import fs from "node:fs";import p from "path";`;
    expect(new Set(bareImports(code).map(packageNameOf))).toEqual(
      new Set(['zod', '@otplib/core', 'keytar', null]),
    );
    expect(moduleNameOf('node_modules/a/node_modules/@b/c')).toBe('@b/c');
    expect(moduleDirOf('node_modules/a/node_modules/@b/c/lib/x.js')).toBe('node_modules/a/node_modules/@b/c');
    expect(moduleDirOf('out/main/index.js')).toBeNull();
  });

  it('ship what main loads and keep the server and CLI packages out', () => {
    const modules = packagedModules(root);
    const ship = modules.ship.map(moduleNameOf);
    // qrcode ships: main draws the Google Authenticator export's QR codes with it.
    for (const name of ['keytar', 'zxing-wasm', 'zod', 'electron-updater', 'proper-lockfile', 'qrcode'])
      expect(ship).toContain(name);
    for (const name of [
      'better-sqlite3',
      'fastify',
      'commander',
      'esbuild',
      'tsx',
      'react',
      'prebuild-install',
    ]) {
      expect(ship).not.toContain(name);
    }
    const patterns = keepOutPatterns(modules);
    expect(patterns).toContain('!**/node_modules/better-sqlite3{,/**}');
    expect(patterns).toContain('!**/node_modules/fastify{,/**}');
    expect(twofoldBuildConfig({}).files).toEqual(expect.arrayContaining(patterns));
  });

  it('registers otpauth on every platform and signs only with what the environment gives', () => {
    const config = twofoldBuildConfig({});
    expect(config.protocols).toEqual([{ name: 'OTP authentication link', schemes: ['otpauth'] }]);
    expect(config.publish).toBeNull();
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: false, target: ['dmg', 'zip'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb', 'rpm'], category: 'Utility;Security' });
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, include: 'build/installer.nsh' });
    // electron-builder's NSIS does not register protocols: our include does, for this user.
    const nsh = readFileSync(resolve(root, 'build/installer.nsh'), 'utf8');
    expect(nsh).toMatch(/!macro customInstall[\s\S]*"Software\\Classes\\otpauth" "URL Protocol" ""/);
    expect(nsh).toMatch(/shell\\open\\command" "" '"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "%1"'/);
    expect(nsh).toMatch(
      /!macro customUnInstall[\s\S]*\$\{ifNot\} \$\{isUpdated\}[\s\S]*DeleteRegKey SHELL_CONTEXT "Software\\Classes\\otpauth"/,
    );
    expect(twofoldBuildConfig({ APPLE_TEAM_ID: 'TEAM' }).mac).toMatchObject({ notarize: true });
    expect(JSON.stringify(config)).not.toMatch(/password|BEGIN .*KEY/i);
    for (const plist of ['build/entitlements.mac.plist', 'build/entitlements.mac.inherit.plist']) {
      const text = readFileSync(resolve(root, plist), 'utf8');
      expect(text).toContain('<key>com.apple.security.cs.allow-jit</key>');
      expect(text).not.toMatch(/disable-library-validation|allow-dyld-environment-variables|get-task-allow/);
    }
  });
});
