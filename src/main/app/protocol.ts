import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { contentTypeOf, safeAppPath } from '../../desktop/security/app-path';
import { securityHeaders } from '../../desktop/security/csp';
import { APP_HOST, APP_SCHEME } from '../../desktop/security/origins';

/** Must run before `app` is ready: makes twofold-app:// a secure, standard origin (like https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: securityHeaders });

/** Serves the built renderer from twofold-app://app/, refusing anything outside its folder. */
export function handleAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    const path = safeAppPath(rendererDir, url.pathname);
    if (path === null) return notFound();
    try {
      const bytes = await readFile(path);
      return new Response(bytes, { headers: { ...securityHeaders, 'Content-Type': contentTypeOf(path) } });
    } catch {
      return notFound();
    }
  });
}
