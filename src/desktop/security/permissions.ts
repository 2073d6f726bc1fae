import { isAppUrl } from './origins';

/**
 * Web permissions the renderer may have, and only on our own origin. Screen
 * capture, the clipboard for codes and notifications all go through main, so
 * the page needs almost nothing: writing plain text it already shows.
 */
const GRANTED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function permissionDecision(
  permission: string,
  requestingUrl: string,
  origins?: readonly string[],
): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl, origins);
}
