// Composition root of the Electron main process: builds the services and wires them.
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

const outDir = join(import.meta.dirname, '..');

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    title: 'Twofold',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadFile(join(outDir, 'renderer/index.html'));
  return window;
}

app.enableSandbox();
void app.whenReady().then(() => {
  createMainWindow();
});
app.on('window-all-closed', () => app.quit());
