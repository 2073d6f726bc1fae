/** The subset of Electron's WebPreferences we set; plain data so tests can check it without Electron. */
export interface HardenedWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  devTools: boolean;
}

export function webPreferencesFor(
  preload: string,
  options: { devTools?: boolean } = {},
): HardenedWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A dropped file must reach the page's drop handler, not replace the app.
    navigateOnDragDrop: false,
    // Spellcheck would send typed secrets to a dictionary service on some platforms.
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  };
}
