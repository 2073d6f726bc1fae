/**
 * The test host's sender check, like main's frame check: only requests
 * addressed to our own origin (no DNS rebinding) and, when a browser says
 * where they come from, coming from it (no other local page calling in).
 */
export function isTrustedHostRequest(
  headers: { host?: string; origin?: string },
  ownOrigin: string,
): boolean {
  const own = new URL(ownOrigin);
  if (headers.host !== own.host) return false;
  return headers.origin === undefined || headers.origin === own.origin;
}
