import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { electronFuses } from '../../electron-builder';
import { resolveHome } from '../../src/desktop/app/home';
import { developmentOptions } from '../../src/desktop/security/development';
import { trayIconFile } from '../../src/desktop/tray/tray-icon';
import { otpauthLinkFromArgv } from '../../src/desktop/app/otpauth-links';
import { safeAppPath, contentTypeOf } from '../../src/desktop/security/app-path';
import { contentSecurityPolicy, securityHeaders } from '../../src/desktop/security/csp';
import { isAllowedExternalUrl } from '../../src/desktop/security/external-links';
import { isAllowedNavigation, windowOpenDecision } from '../../src/desktop/security/navigation';
import { APP_ENTRY_URL, APP_ORIGIN, appOrigins, originOf } from '../../src/desktop/security/origins';
import { permissionDecision } from '../../src/desktop/security/permissions';
import { webPreferencesFor } from '../../src/desktop/security/web-preferences';

describe('webPreferencesFor', () => {
  const prefs = webPreferencesFor('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer without Node', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('keeps devtools off unless asked', () => {
    expect(prefs.devTools).toBe(false);
    expect(webPreferencesFor('/p', { devTools: true }).devTools).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows no inline script, no eval and nothing remote', () => {
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:/);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('is the same policy the renderer declares in its index.html', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const declared = new Set(meta.split(';').map((part) => part.trim()));
    // Everything the page declares is also in the header (the header may add object-src).
    for (const directive of declared) expect(contentSecurityPolicy).toContain(directive);
  });

  it('goes with nosniff and no referrer', () => {
    expect(securityHeaders['X-Content-Type-Options']).toBe('nosniff');
    expect(securityHeaders['Referrer-Policy']).toBe('no-referrer');
    expect(securityHeaders['Content-Security-Policy']).toBe(contentSecurityPolicy);
  });
});

describe('origins and navigation', () => {
  it('knows the app origin of a custom-scheme URL', () => {
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN);
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('lets the window reload our own pages only', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'twofold-app://evil/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it("adds electron-vite's dev server only when given", () => {
    const origins = appOrigins('http://localhost:5173/');
    expect(isAllowedNavigation('http://localhost:5173/index.html', origins)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', origins)).toBe(false);
    expect(appOrigins(undefined)).toEqual([APP_ORIGIN]);
  });

  it('denies every window.open, sending only allowlisted https links to the OS browser', () => {
    expect(windowOpenDecision('https://github.com/twofold', isAllowedExternalUrl)).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(windowOpenDecision('https://evil.example/', isAllowedExternalUrl)).toEqual({
      action: 'deny',
      openExternally: false,
    });
  });
});

describe('isAllowedExternalUrl', () => {
  it('accepts https links to allowlisted hosts', () => {
    expect(isAllowedExternalUrl('https://github.com/some/repo')).toBe(true);
    expect(isAllowedExternalUrl('https://GITHUB.com/x')).toBe(true);
  });

  it.each([
    'http://github.com/',
    'https://github.com.evil.example/',
    'https://evil.example/?https://github.com',
    'https://user:pass@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'otpauth://totp/x?secret=AAAA',
    '',
    'github.com',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('permissionDecision', () => {
  it.each([
    'media',
    'display-capture',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'usb',
  ])('denies %s even to the app', (permission) => {
    expect(permissionDecision(permission, APP_ENTRY_URL)).toBe(false);
  });

  it('lets only our page write plain text to the clipboard', () => {
    expect(permissionDecision('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
  });
});

describe('safeAppPath', () => {
  const root = resolve('/srv/twofold/renderer');

  it('maps app URLs to files inside the renderer folder', () => {
    expect(safeAppPath(root, '/')).toBe(join(root, 'index.html'));
    expect(safeAppPath(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(safeAppPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(safeAppPath(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it.each([
    '/../main/index.js',
    '/assets/../../secret',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/assets/..\\..\\x',
    '/%5c..%5cx',
    '/a%00b',
    '/%E0%A4%A',
    '/assets/../..',
  ])('refuses %s', (path) => {
    expect(safeAppPath(root, path)).toBeNull();
  });

  it('never leaves the folder, whatever the path (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('..', '.', '%2e%2e', '%2f', '/', 'a', '%5c', '\\', '%00', 'b.js'), {
          maxLength: 12,
        }),
        (parts) => {
          const result = safeAppPath(root, `/${parts.join('')}`);
          return result === null || result.startsWith(root + sep);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names content types so nosniff does not block scripts', () => {
    expect(contentTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('/x/a.js')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('/x/a.css')).toMatch(/^text\/css/);
    expect(contentTypeOf('/x/blob')).toBe('application/octet-stream');
  });
});

describe('resolveHome', () => {
  it('prefers TWOFOLD_HOME, then --user-data-dir, then the OS app data folder', () => {
    expect(resolveHome({ env: { TWOFOLD_HOME: '/t/home' }, userDataDirSwitch: '/u' })).toBe('/t/home');
    expect(resolveHome({ env: {}, userDataDirSwitch: '/u/data' })).toBe('/u/data');
    expect(resolveHome({ env: { HOME: '/home/a' }, userDataDirSwitch: null, platform: 'linux' })).toBe(
      '/home/a/.config/Twofold',
    );
    expect(resolveHome({ env: { TWOFOLD_HOME: '  ' }, userDataDirSwitch: null, platform: 'linux' })).toMatch(
      /Twofold$/,
    );
  });
});

describe('otpauthLinkFromArgv', () => {
  it('finds the link a second instance was started with', () => {
    const link = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
    expect(otpauthLinkFromArgv(['/usr/bin/twofold', '--flag', link])).toBe(link);
    expect(otpauthLinkFromArgv(['/usr/bin/twofold', 'OTPAUTH-MIGRATION://offline?data=x'])).toBe(
      'OTPAUTH-MIGRATION://offline?data=x',
    );
    expect(otpauthLinkFromArgv(['/usr/bin/twofold', 'https://example.com'])).toBeNull();
  });
});

describe('developmentOptions', () => {
  const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };

  it('gives a packaged build neither DevTools nor a dev-server origin, whatever its environment', () => {
    expect(developmentOptions(true, dev)).toEqual({ devTools: false, devServerUrl: undefined });
    expect(appOrigins(developmentOptions(true, dev).devServerUrl)).toEqual([APP_ORIGIN]);
  });

  it("trusts electron-vite's dev server in development, on loopback http only", () => {
    expect(developmentOptions(false, dev)).toEqual({
      devTools: true,
      devServerUrl: 'http://localhost:5173/',
    });
    expect(appOrigins(developmentOptions(false, dev).devServerUrl)).toEqual([
      APP_ORIGIN,
      'http://localhost:5173',
    ]);
    for (const url of [
      'https://evil.example/',
      'http://192.0.2.7:5173/',
      'file:///tmp/index.html',
      'nonsense',
    ]) {
      expect(developmentOptions(false, { ELECTRON_RENDERER_URL: url }).devServerUrl, url).toBeUndefined();
    }
    expect(developmentOptions(false, {})).toEqual({ devTools: true, devServerUrl: undefined });
  });
});

describe('the packaged Electron', () => {
  it('has the fuses of a hardened build', () => {
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});

describe('trayIconFile', () => {
  it('uses a template image on macOS and a glyph that contrasts with the panel elsewhere', () => {
    expect(trayIconFile({ platform: 'darwin', darkTheme: true })).toBe('trayTemplate.png');
    expect(trayIconFile({ platform: 'win32', darkTheme: false })).toBe('tray-light-panel.png');
    expect(trayIconFile({ platform: 'win32', darkTheme: true })).toBe('tray-dark-panel.png');
    expect(trayIconFile({ platform: 'linux', darkTheme: false, desktop: 'KDE' })).toBe(
      'tray-light-panel.png',
    );
    expect(trayIconFile({ platform: 'linux', darkTheme: false, desktop: 'ubuntu:GNOME' })).toBe(
      'tray-dark-panel.png',
    );
  });

  it('names files that exist', () => {
    for (const name of [
      'trayTemplate.png',
      'trayTemplate@2x.png',
      'tray-light-panel.png',
      'tray-dark-panel.png',
    ]) {
      expect(existsSync(resolve(import.meta.dirname, '../../resources/tray', name)), name).toBe(true);
    }
  });
});
