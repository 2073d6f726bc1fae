// Composition root of the Electron main process: decides where state lives,
// locks to one instance, hardens the app and starts it. Modules do nothing on import.
import { join, resolve } from 'node:path';
import { app } from 'electron';
import { resolveHome } from '../desktop/app/home';
import { startApp } from './app/lifecycle';
import { otpauthLinkFromArgv } from '../desktop/app/otpauth-links';
import { registerAppScheme } from './app/protocol';
import { developmentOptions } from '../desktop/security/development';
import { appOrigins } from '../desktop/security/origins';
import { browserHostCaller } from '../desktop/browser/host-mode';
import { startBrowserHost } from './app/browser-host';

// Started by a browser as Twofold's native host (the manifests point at this executable):
// no window, no single-instance lock, only the host on stdio; it quits when the browser is done.
if (browserHostCaller(process.argv) !== null) startBrowserHost();
else startDesktopApp();

function startDesktopApp(): void {
  const outDir = join(import.meta.dirname, '..');
  const { devTools, devServerUrl } = developmentOptions(app.isPackaged, process.env);

  app.setName('Twofold');
  const home = resolveHome({
    env: process.env,
    userDataDirSwitch: app.commandLine.getSwitchValue('user-data-dir') || null,
  });
  // Before anything reads userData: caches, the session and our own files all go under one folder.
  app.setPath('userData', home);
  app.enableSandbox();
  registerAppScheme();

  if (!app.requestSingleInstanceLock()) {
    // The running instance gets our argv (and any otpauth link) through 'second-instance'.
    app.quit();
  } else {
    if (app.isPackaged) {
      app.setAsDefaultProtocolClient('otpauth');
    } else if (process.env.TWOFOLD_REGISTER_OTPAUTH === '1' && process.argv[1]) {
      app.setAsDefaultProtocolClient('otpauth', process.execPath, [resolve(process.argv[1])]);
    }
    const earlyLinks: string[] = [];
    const first = otpauthLinkFromArgv(process.argv);
    if (first) earlyLinks.push(first);
    let deliver: ((uri: string) => void) | null = null;
    // macOS hands links to the running app (or the one it launches) this way.
    app.on('open-url', (event, url) => {
      event.preventDefault();
      if (deliver) deliver(url);
      else earlyLinks.push(url);
    });
    void app.whenReady().then(async () => {
      const started = await startApp({
        home,
        outDir,
        resourcesDir: join(outDir, '..', 'resources'),
        origins: appOrigins(devServerUrl),
        devServerUrl,
        devTools,
        earlyLinks,
      });
      deliver = started.openLink;
    });
  }
}
