import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

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

/** The header a program (a test) passes the host's start token in. */
export const TOKEN_HEADER = 'x-twofold-token';
/** The query parameter of the printed URL; opening it sets the cookie the page then sends. */
export const TOKEN_PARAM = 'token';

/** Cookies are not kept apart by port, so each host names its own. */
export function tokenCookieName(port: number): string {
  return `twofold-host-${port}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type TokenSource = 'header' | 'cookie' | 'query' | null;

/**
 * Where a request carries the host's per-start token (any local program can reach
 * 127.0.0.1; only one that was shown the printed URL knows the token), or null.
 */
export function hostTokenSource(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  token: string,
  cookieName: string,
): TokenSource {
  const header = headers[TOKEN_HEADER];
  if (sameToken(typeof header === 'string' ? header : undefined, token)) return 'header';
  if (sameToken(cookieValue(headers.cookie, cookieName), token)) return 'cookie';
  if (sameToken(query.get(TOKEN_PARAM) ?? undefined, token)) return 'query';
  return null;
}
