/** Prints why a suite is skipped, so a skip is never silent. */
export function skipReason(suite: string, reason: string | null): boolean {
  if (reason !== null) console.warn(`[skipped] ${suite}: ${reason}`);
  return reason !== null;
}

/** Why the real-keychain suites cannot run, or null. They never touch a person's own keyring. */
export function keychainUnavailable(): string | null {
  return process.env.TWOFOLD_PRIVATE_KEYRING === '1'
    ? null
    : 'not inside scripts/with-keychain.sh (a private D-Bus session with gnome-keyring); run `npm test`';
}
