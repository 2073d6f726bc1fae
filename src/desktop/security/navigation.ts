import { isAppUrl } from './origins';

/**
 * Where the window may go: nowhere but our own pages (a reload). Links to the
 * web open in the OS browser through the allowlist, never inside the app.
 */
export function isAllowedNavigation(url: string, origins?: readonly string[]): boolean {
  return isAppUrl(url, origins);
}

/** `window.open` and target=_blank: always denied in-app; https links on the allowlist go to the OS browser. */
export type WindowOpenDecision = { action: 'deny'; openExternally: boolean };

export function windowOpenDecision(
  url: string,
  isAllowedExternal: (url: string) => boolean,
): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternal(url) };
}
