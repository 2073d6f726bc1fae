import { readableServerName } from '../../shared/admin-api/server-name';

/** The fields of a vault entry that say whose code it is. */
export interface EntryLabel {
  readonly id: string;
  readonly issuer: string;
  readonly account: string;
  readonly type?: string;
}

const fold = (text: string) => text.trim().toLowerCase();

/**
 * The vault entry whose code signs this login in to this server: the account is the
 * login and the issuer names the server (its host name, host:port, or the profile name).
 * Returns null when none or more than one entry fits, so the console never guesses.
 */
export function matchVaultEntry<E extends EntryLabel>(
  entries: readonly E[],
  server: { readonly url: string; readonly login: string; readonly profileName?: string },
): E | null {
  let url: URL;
  try {
    url = new URL(server.url);
  } catch {
    return null;
  }
  // Also the server's own default name for an address ("Twofold (127.0.0.1, port 8069)").
  const names = new Set([
    fold(url.hostname),
    fold(url.host),
    fold(readableServerName(url.hostname, url.port)),
  ]);
  if (server.profileName) names.add(fold(server.profileName));
  const login = fold(server.login);
  const fits = entries.filter(
    (entry) => entry.type !== 'hotp' && fold(entry.account) === login && names.has(fold(entry.issuer)),
  );
  return fits.length === 1 ? (fits[0] ?? null) : null;
}
