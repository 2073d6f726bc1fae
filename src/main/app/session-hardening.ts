import type { Session } from 'electron';
import { contentSecurityPolicy } from '../../desktop/security/csp';
import { permissionDecision } from '../../desktop/security/permissions';

/** Permissions, display capture and CSP for the app's session. */
export function hardenSession(session: Session, origins: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl, origins));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, requestingOrigin, origins),
  );
  // getDisplayMedia from the page is refused: screen scanning runs in main via desktopCapturer.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  // The dev server and anything else that answers over http get the same CSP as the app protocol.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}
