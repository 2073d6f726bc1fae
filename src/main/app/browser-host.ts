import { app } from 'electron';
import { runBrowserHostMode } from '../../desktop/browser/host-mode';

/** The executable as the browser's native host: windowless (no Dock icon), gone when stdin closes. */
export function startBrowserHost(): void {
  app.dock?.hide();
  app.disableHardwareAcceleration();
  void runBrowserHostMode(process.env)
    .catch(() => undefined)
    .finally(() => app.exit(0));
}
