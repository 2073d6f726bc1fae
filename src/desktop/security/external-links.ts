/** Hosts Twofold may open in the OS browser: its own pages only. Everything else is refused. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'github.com',
  'www.rfc-editor.org',
  'datatracker.ietf.org',
];

/** An https URL (no credentials, default port) to a host on the allowlist. */
export function isAllowedExternalUrl(raw: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    hosts.includes(url.hostname.toLowerCase())
  );
}
