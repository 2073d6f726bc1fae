/**
 * What only a development run gets: DevTools, and electron-vite's dev server as a
 * trusted origin (loopback http only). A packaged build gets neither, whatever its
 * environment says.
 */
export function developmentOptions(
  isPackaged: boolean,
  env: Record<string, string | undefined>,
): { devTools: boolean; devServerUrl: string | undefined } {
  if (isPackaged) return { devTools: false, devServerUrl: undefined };
  return { devTools: true, devServerUrl: loopbackDevServer(env.ELECTRON_RENDERER_URL) };
}

function loopbackDevServer(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'http:' && loopback ? raw : undefined;
  } catch {
    return undefined;
  }
}
