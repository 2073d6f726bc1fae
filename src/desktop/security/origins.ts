/** The app is served from this custom protocol, never from file:// (which would open the whole disk to the page). */
export const APP_SCHEME = 'twofold-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The origin of a URL, or null for URLs without one (about:blank, data:, garbage). */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    // Custom schemes registered as "standard" have an origin; URL gives "null" for unknown ones.
    if (url.protocol === `${APP_SCHEME}:`) return `${APP_SCHEME}://${url.host}`;
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/** Our own origins: the app protocol, plus electron-vite's dev server while developing. */
export function appOrigins(devServerUrl?: string): string[] {
  const dev = devServerUrl ? originOf(devServerUrl) : null;
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN];
}

export function isAppUrl(raw: string, origins: readonly string[] = [APP_ORIGIN]): boolean {
  const origin = originOf(raw);
  return origin !== null && origins.includes(origin);
}
